package org.minicnn.training.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a run directory for as long as one process trains, resumes or plots it: an
 * operating-system lock ({@link FileChannel#tryLock}) on the file {@value #FILE} in the directory, which
 * holds the owner's process id. A second process is refused ("run directory D is in use (pid N)")
 * before it reads or writes anything else; the lock ends with the process, however it ends.
 */
public final class RunLock implements AutoCloseable {

  /** The lock file in the run directory. */
  public static final String FILE = ".minicnn.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir} (an existing directory) for this process.
   *
   * @throws IOException "run directory D is in use (pid N)" when another process (or this one) holds it,
   *     or naming the lock file when it cannot be opened
   */
  public static RunLock acquire(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new IOException(file + ": cannot open the run directory's lock file: " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw new IOException(file + ": cannot lock the run directory: " + e.getMessage(), e);
    }
    if (lock == null) {
      String owner = owner(channel);
      channel.close();
      throw new IOException("run directory " + dir + " is in use (pid " + owner + "); wait for that process to end");
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    channel.force(false);
    return new RunLock(channel, lock);
  }

  /** The process id the lock's holder wrote, or "unknown". */
  private static String owner(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      int n = channel.read(buffer, 0);
      String text = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.US_ASCII).strip();
      return text.matches("[0-9]{1,19}") ? text : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
