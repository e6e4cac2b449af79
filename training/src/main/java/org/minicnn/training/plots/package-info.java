/**
 * The PNG plots of a run, drawn with XChart: loss and similarity per epoch, kernel heatmaps, the
 * film strip of a kernel over training, feature maps, and learned filters beside the hand-designed ones.
 */
package org.minicnn.training.plots;
