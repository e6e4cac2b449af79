/**
 * Convolution on plain arrays: the geometry ({@link org.minicnn.engine.conv.ConvSpec}) and the
 * algorithms that compute it, chosen by {@link org.minicnn.engine.conv.ConvAlgorithm}.
 *
 * <p>Start with {@link org.minicnn.engine.conv.ReferenceConvolution}: the formulas of
 * {@link org.minicnn.engine.layers.BaseConv}'s Javadoc as plain loops, the definition every other path is
 * tested equal to. {@link org.minicnn.engine.conv.Im2colConvolution} is the textbook patches-times-kernel
 * route; the fast kernels, behind one entry point, are in {@code conv.fast}.
 */
package org.minicnn.engine.conv;
