/**
 * Losses: {@link org.minicnn.engine.losses.MeanSquaredError},
 * {@link org.minicnn.engine.losses.SummedSquaredError}, and the two from logits,
 * {@link org.minicnn.engine.losses.BinaryCrossEntropy} and {@link org.minicnn.engine.losses.SoftmaxCrossEntropy}
 * (PyTorch's {@code BCEWithLogitsLoss} and {@code CrossEntropyLoss}). Each states its value and gradient in
 * its Javadoc; {@code forward} returns the loss and {@code backward} its gradient with respect to the
 * prediction.
 */
package org.minicnn.engine.losses;
