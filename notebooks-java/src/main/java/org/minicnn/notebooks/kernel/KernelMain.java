package org.minicnn.notebooks.kernel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel on the connection file Jupyter passes as the only argument. The kernel's own messages (dropped
 * requests, for one) go to the standard error it was started with, which Jupyter logs; while a cell runs,
 * {@code System.err} is the cell's output instead.
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("expected one argument, the Jupyter connection file; got " + args.length);
    }
    KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
    PrintStream log = System.err;
    VerifyingConnection connection = new VerifyingConnection(properties, log);
    MiniCnnKernel kernel = MiniCnnKernel.create("minicnn-java");
    kernel.onStartup();
    kernel.becomeHandlerForConnection(connection);
    connection.connect();
    connection.waitUntilClose();
  }
}
