/**
 * The fast convolution kernels, behind one entry point, {@link org.minicnn.engine.conv.fast.FastConvolution}.
 *
 * <p>Read {@link org.minicnn.engine.conv.ReferenceConvolution} first: every kernel here computes the same
 * numbers (tested equal within 1e-12, and bit-identical for every thread count), only faster. The family:
 * the direct kernel for one channel and one filter, the small-patch kernel for first layers, and blocked
 * im2col with a register-tiled multiply ({@code Gemm}) for the rest. Each comes as a Vector API variant and
 * a plain-Java twin; {@link org.minicnn.engine.conv.fast.VectorApi} is the one switch between them.
 * {@link org.minicnn.engine.conv.fast.ConvThreads} sets the threads. The float32 compute option of the layers
 * has its own entry point, {@link org.minicnn.engine.conv.fast.FloatConvolution} (float kernels
 * {@code FloatBlockedConvolution}, {@code FloatGemm}, {@code FloatSmallPatchConvolution}; tested within float rounding of the reference). How the
 * kernels work and how fast they are: {@code docs/kernels.md}, {@code docs/performance.md}.
 */
package org.minicnn.engine.conv.fast;
