package org.minicnn.training.experiments;

/**
 * Whether a run met its experiment's threshold.
 *
 * @param met the threshold holds
 * @param text the numbers, e.g. {@code "max |learned − hand-designed| = 2.1e-06 ≤ 0.001, cosine = 1.000000 ≥ 0.9999"}
 */
public record Verdict(boolean met, String text) {}
