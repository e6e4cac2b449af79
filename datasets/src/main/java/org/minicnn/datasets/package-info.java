/**
 * Seeded synthetic data for minicnn and its CSV import/export.
 *
 * <p>Generators ({@link org.minicnn.datasets.LineImages}, {@link org.minicnn.datasets.Noise},
 * {@link org.minicnn.datasets.BumpSignals}) are fluent builders; the same configuration and seed
 * always give bit-identical tensors in the engine's channels-last layouts: images
 * {@code [n, rows, cols, channels]}, signals {@code [n, length, channels]}.
 * {@link org.minicnn.datasets.TeacherTargets} pairs inputs with the feature maps of given kernels,
 * {@link org.minicnn.datasets.LineClassification} makes balanced labelled sets, and the records
 * {@link org.minicnn.datasets.Dataset} and {@link org.minicnn.datasets.LabelledSet} shuffle and split.
 */
package org.minicnn.datasets;
