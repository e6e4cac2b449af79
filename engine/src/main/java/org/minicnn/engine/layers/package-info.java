/**
 * The layers of a small CNN, with Keras semantics, channels-last: the convolutions
 * {@link org.minicnn.engine.layers.Conv1D} and {@link org.minicnn.engine.layers.Conv2D} on the rank-generic
 * {@link org.minicnn.engine.layers.BaseConv}, {@link org.minicnn.engine.layers.Dense}, activations, max and
 * global pooling, {@link org.minicnn.engine.layers.Flatten}.
 *
 * <p>Each file reads top to bottom: shapes, forward, backward, with the formulas in its Javadoc.
 * {@code backward} returns dL/dInput and adds dL/dParameter into each parameter's gradient.
 */
package org.minicnn.engine.layers;
