package org.minicnn.datasets;

/**
 * A training part and a validation part of one data set, disjoint, together holding every sample once.
 *
 * @param <T> {@link Dataset} or {@link LabelledSet}
 */
public record Split<T>(T train, T validation) {}
