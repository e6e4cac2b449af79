package org.minicnn.notebooks.kernel;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.zeromq.ZMQ;

/**
 * The shell or control channel, serving requests in a thread of its own like the library's {@link ShellChannel},
 * but reading each request with a {@link MessageVerifier}: a message that is malformed, unsigned or wrongly signed
 * is dropped and logged, and the channel goes on serving.
 *
 * <p>The library's channel reads a request frame by frame until it has the frames it expects, so a short message
 * took frames of the next one, and it threw on a bad signature or bad JSON in the channel's only thread, which
 * then ended: the kernel answered its heartbeat but no request. This channel takes one whole multipart message at a
 * time, and a handler that throws is logged too.
 */
final class VerifyingShellChannel extends ShellChannel {
  /** How long one poll waits; bounds how soon the thread notices {@link #close()}. */
  private static final long POLL_MILLIS = 100;
  /** How long {@link #close()} waits for the serving thread, busy with a long request maybe, before closing. */
  private static final long CLOSE_WAIT_MILLIS = 1000;

  private final String name;
  private final boolean isControl;
  private final JupyterConnection connection;
  private final MessageVerifier verifier;
  private final PrintStream log;
  private volatile boolean open = true;
  private volatile Thread serving;

  /**
   * A channel whose requests go to {@code connection}'s handlers; {@code isControl} chooses the control port
   * over the shell port. Dropped messages and failed handlers are reported on {@code log}.
   */
  VerifyingShellChannel(ZMQ.Context context, HMACGenerator signer, boolean isControl, JupyterConnection connection,
      PrintStream log) {
    super(context, signer, isControl, connection);
    this.name = isControl ? "control" : "shell";
    this.isControl = isControl;
    this.connection = connection;
    this.verifier = new MessageVerifier(signer);
    this.log = log;
  }

  @Override
  public void bind(KernelConnectionProperties properties) {
    if (serving != null) {
      throw new IllegalStateException("the " + name + " channel is already bound");
    }
    bind(formatAddress(properties.getTransport(), properties.getIp(),
        isControl ? properties.getControlPort() : properties.getShellPort()));
    ZMQ.Poller poller = ctx.poller(1);
    poller.register(this, ZMQ.Poller.POLLIN);
    Thread thread = new Thread(() -> serve(poller), "minicnn-kernel-" + name);
    serving = thread;
    thread.start();
  }

  private void serve(ZMQ.Poller poller) {
    while (open) {
      List<byte[]> frames;
      try {
        if (poller.poll(POLL_MILLIS) <= 0 || !open) {
          continue;
        }
        frames = receiveMessage();
      } catch (RuntimeException socketFailed) {
        if (open) {
          log.println("minicnn kernel: the " + name + " channel stops, its socket failed: " + socketFailed);
        }
        return;
      }
      Message<?> message;
      try {
        message = verifier.decode(frames);
      } catch (MessageVerifier.RejectedMessage rejected) {
        log.println("minicnn kernel: dropped a message on the " + name + " channel: " + rejected.getMessage());
        continue;
      }
      dispatch(message);
    }
  }

  /** All frames of the next multipart message. */
  private synchronized List<byte[]> receiveMessage() {
    List<byte[]> frames = new ArrayList<>();
    frames.add(recv());
    while (hasReceiveMore()) {
      frames.add(recv());
    }
    return frames;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private void dispatch(Message<?> message) {
    MessageType<?> type = message.getHeader().getType();
    ShellHandler handler = connection.getHandler(type);
    if (handler == null) {
      log.println("minicnn kernel: ignored a message on the " + name + " channel: no handler for its msg_type ("
          + type.getName() + ")");
      return;
    }
    ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
    try {
      handler.handle(env, message);
    } catch (Throwable failed) {
      // Whatever one request did, the channel must go on serving the next.
      log.println("minicnn kernel: the handler of " + type.getName() + " failed: " + failed);
    }
    try {
      env.resolveDeferrals();
    } catch (RuntimeException failed) {
      log.println("minicnn kernel: the replies to " + type.getName() + " could not be sent: " + failed);
    }
    if (env.isMarkedForShutdown()) {
      connection.close();
    }
  }

  /**
   * Stops serving and closes the socket. From another thread, first waits a little for the serving thread to
   * leave the socket alone (ZeroMQ sockets are not thread-safe).
   */
  @Override
  public void close() {
    open = false;
    Thread thread = serving;
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    super.close();
  }

  @Override
  public void waitUntilClose() {
    Thread thread = serving;
    if (thread != null) {
      try {
        thread.join();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
