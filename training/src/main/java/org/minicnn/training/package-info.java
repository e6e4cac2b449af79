/**
 * The training loop: {@link org.minicnn.training.Trainer} runs seeded mini-batches of a model, a loss
 * and an optimiser, with validation, listeners and early stopping, and stops with a clear error when the
 * loss or a gradient turns NaN or infinite. {@link org.minicnn.training.TrainingState} is all a run needs
 * to resume.
 *
 * <p>Optimisers are in {@code optim}; the experiments, the run files and the {@code minicnn} command
 * build on this package.
 */
package org.minicnn.training;
