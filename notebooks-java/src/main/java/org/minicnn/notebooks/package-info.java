/**
 * What the notebooks call: {@link org.minicnn.notebooks.Check}, checks that throw on a wrong number
 * whether or not the JVM runs with {@code -ea}, and {@link org.minicnn.notebooks.Pictures}, heatmaps of
 * tensors and charts put side by side as images.
 */
package org.minicnn.notebooks;
