/**
 * The Jupyter kernel the notebooks run on: JShell cells in the kernel's JVM ({@link
 * org.minicnn.notebooks.kernel.MiniCnnKernel}), served over the Jupyter wire protocol by JJava's channels, with
 * the shell and control channels replaced by ones that drop malformed, unsigned and wrongly signed requests
 * ({@link org.minicnn.notebooks.kernel.VerifyingConnection}), and its installation as a kernelspec
 * ({@link org.minicnn.notebooks.kernel.KernelInstaller}).
 */
package org.minicnn.notebooks.kernel;
