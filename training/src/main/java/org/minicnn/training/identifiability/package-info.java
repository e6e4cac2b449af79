/**
 * What a teacher-student data set can teach a convolution: the rank and singular values of the
 * training patch matrix, and the split of a learned kernel into the part the data determines and the
 * null-space part it cannot see.
 */
package org.minicnn.training.identifiability;
