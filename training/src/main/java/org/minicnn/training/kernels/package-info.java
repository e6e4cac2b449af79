/**
 * Kernel analysis: how close a learned filter is to a hand-designed one. Reference kernels, the metrics
 * (cosine, max |Δ|), the comparison of a run's kernels with its references, the best match of each
 * filter, and the history of a kernel over training.
 */
package org.minicnn.training.kernels;
