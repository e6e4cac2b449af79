package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species every Vector API kernel uses (double, and float of the same width), chosen once by
 * {@link VectorApi#chooseBits}. A constant, so the JIT compiles each vector operation to one instruction of that width. Only loaded when the
 * {@code jdk.incubator.vector} module is present (see {@link VectorApi#ENABLED}).
 */
final class VectorWidth {

  static final VectorSpecies<Double> SPECIES = VectorApi.chooseBits(System.getProperty(VectorApi.WIDTH_PROPERTY),
      DoubleVector.SPECIES_PREFERRED.vectorBitSize()) == 512 ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
  static final int LANES = SPECIES.length();
  /** The float species of the same width, for the float32 kernels: 8 or 16 floats. */
  static final VectorSpecies<Float> FLOAT_SPECIES = LANES == 8 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;

  private VectorWidth() {}
}
