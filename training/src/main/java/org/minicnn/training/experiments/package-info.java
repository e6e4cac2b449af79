/**
 * Named, reproducible experiments ({@link org.minicnn.training.experiments.Experiments}):
 * teacher-student runs in which a convolution learns a hand-designed detector, classifiers whose filters
 * are compared with the detectors, and d2l's "Learning a Kernel". Each has a default configuration with a
 * seed, options that override it, and a threshold its default run must meet.
 */
package org.minicnn.training.experiments;
