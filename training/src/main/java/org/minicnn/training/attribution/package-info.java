/**
 * Which first-layer filter a trained classifier relies on for each class, measured: per-filter ablation
 * (validation accuracy per class with the filter zeroed), the last dense layer's weights per class, and
 * each filter's closest hand-designed detector allowing shifts of up to one pixel.
 */
package org.minicnn.training.attribution;
