/**
 * The files of a training run: its new directory, {@code config.properties}, metrics, kernel
 * history, weights and summary, all written atomically, and checkpoints
 * ({@link org.minicnn.training.run.CheckpointFile}) from which an interrupted run resumes bit for bit.
 */
package org.minicnn.training.run;
