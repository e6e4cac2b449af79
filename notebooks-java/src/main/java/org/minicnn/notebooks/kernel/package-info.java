/**
 * The Jupyter kernel that runs the Java notebooks: {@link org.minicnn.notebooks.kernel.MiniCnnKernel}
 * evaluates cells as JShell snippets in the kernel's JVM, with the project's jars on its class path (on
 * JJava's protocol library), and {@link org.minicnn.notebooks.kernel.KernelInstaller} registers it with
 * Jupyter.
 */
package org.minicnn.notebooks.kernel;
