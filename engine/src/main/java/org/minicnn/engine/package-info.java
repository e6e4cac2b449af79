/**
 * The core of minicnn: {@link org.minicnn.engine.Tensor} (a shape and a row-major {@code double[]}),
 * the {@link org.minicnn.engine.Layer} contract (forward, backward, parameters),
 * {@link org.minicnn.engine.Parameter} (a value and its gradient), {@link org.minicnn.engine.Sequential}
 * and {@link org.minicnn.engine.GradientCheck}, which holds every backward pass to central differences.
 *
 * <p>The engine is a library: it depends on no other minicnn module, parses no command line and knows
 * nothing about training runs. Layers live in {@code layers}, losses in {@code losses}, the convolution
 * algorithms in {@code conv}, weight files in {@code io}.
 */
package org.minicnn.engine;
