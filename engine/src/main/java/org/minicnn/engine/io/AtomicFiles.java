package org.minicnn.engine.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a crash at any instant leaves either the old file or the complete new one:
 * the content goes to a temporary file in the same directory, is flushed and forced to disk
 * ({@link FileChannel#force}), then renamed over the target in one atomic step, and the directory
 * is forced so that the rename itself survives a power cut where the platform allows it. A process
 * killed mid-write leaves its temporary file behind; the next write of the same target removes it.
 */
public final class AtomicFiles {

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private AtomicFiles() {}

  /** What writes the content; the writer is UTF-8 and closed by {@link #write}. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Writer out) throws IOException;
  }

  /** What writes binary content (an image); the stream is closed by {@link #writeBytes}. */
  @FunctionalInterface
  public interface BinaryContent {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * @param target the file to create or replace (modified only by the final rename; a symbolic link
   *     there is replaced, never written through)
   * @param content writes the whole content
   */
  public static void write(Path target, Content content) throws IOException {
    writeBytes(target, stream -> {
      Writer out = new java.io.BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      content.writeTo(out);
      out.flush();
    });
  }

  /**
   * Like {@link #write}, for binary content.
   *
   * @param target the file to create or replace (modified only by the final rename; a symbolic link
   *     there is replaced, never written through)
   * @param content writes the whole content
   */
  public static void writeBytes(Path target, BinaryContent content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    removeStaleTemporaries(dir, target.getFileName().toString());
    Path temp = createTemporary(dir, target.getFileName().toString());
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
           OutputStream stream = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        content.writeTo(stream);
        stream.flush();
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + target + " atomically on this file system", e);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Creates {@code .<name>.<random>.tmp} with the permissions of any new file (the umask's), not the
   * owner-only ones of {@link Files#createTempFile}: the renamed file is the run's output, for others to read too.
   */
  private static Path createTemporary(Path dir, String name) throws IOException {
    while (true) {
      Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        // another writer's name: draw again
      }
    }
  }

  /** Deletes the temporary files ({@code .<name>.<random>.tmp}) that killed writers of {@code name} left. */
  private static void removeStaleTemporaries(Path dir, String name) throws IOException {
    try (var stale = Files.newDirectoryStream(dir, "." + name + ".*.tmp")) {
      for (Path file : stale) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Forces a directory's entries to disk; a no-op where the platform cannot open directories. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // Not every platform lets a directory be opened; the rename is still atomic there.
    }
  }
}
