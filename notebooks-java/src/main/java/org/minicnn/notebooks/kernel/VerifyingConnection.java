package org.minicnn.notebooks.kernel;

import java.io.PrintStream;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * The library's Jupyter connection with its shell and control channels replaced by {@link VerifyingShellChannel}s,
 * which drop malformed, unsigned and wrongly signed requests instead of dying on them. Heartbeat, stdin and iopub
 * are the library's. The library's own shell and control channels are created by its constructor but never bound.
 */
final class VerifyingConnection extends JupyterConnection {
  private final KernelConnectionProperties properties;
  /** The context of the two channels below; the library keeps its own context private. */
  private final ZMQ.Context context = ZMQ.context(1);
  private final VerifyingShellChannel verifiedShell;
  private final VerifyingShellChannel verifiedControl;
  private final AtomicBoolean connected = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A connection on the ports and key of {@code properties}; dropped requests are reported on {@code log}. */
  VerifyingConnection(KernelConnectionProperties properties, PrintStream log)
      throws NoSuchAlgorithmException, InvalidKeyException {
    super(properties);
    this.properties = properties;
    HMACGenerator signer = properties.createHMACGenerator();
    verifiedShell = new VerifyingShellChannel(context, signer, false, this, log);
    verifiedControl = new VerifyingShellChannel(context, signer, true, this, log);
  }

  /** Binds every channel and announces the kernel as starting, as the library's {@code connect()} does. */
  @Override
  public void connect() {
    if (!connected.compareAndSet(false, true)) {
      return;
    }
    heartbeat.bind(properties);
    verifiedShell.bind(properties);
    verifiedControl.bind(properties);
    stdin.bind(properties);
    iopub.bind(properties);
    iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    verifiedShell.close();
    verifiedControl.close();
    super.close();
    context.close();
  }

  @Override
  public void waitUntilClose() {
    verifiedShell.waitUntilClose();
    verifiedControl.waitUntilClose();
    super.waitUntilClose();
  }
}
