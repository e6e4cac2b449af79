/**
 * What the notebooks call: {@link org.minicnn.notebooks.Check}, checks that throw on a wrong number
 * whether or not the JVM runs with {@code -ea} and grade exercises; {@link org.minicnn.notebooks.Pictures},
 * heatmaps of tensors (side by side on one colour scale) and charts as images; and
 * {@link org.minicnn.notebooks.StudentEdition}, the notebooks with their solutions replaced by stubs.
 */
package org.minicnn.notebooks;
