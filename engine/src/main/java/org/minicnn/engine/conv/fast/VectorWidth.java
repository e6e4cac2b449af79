package org.minicnn.engine.conv.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species every Vector API kernel uses (double, and float of the same width), chosen once by
 * {@link #chooseBits}. A constant, so the JIT compiles each vector operation to one instruction of that
 * width. Only loaded when the {@code jdk.incubator.vector} module is present (see {@link VectorApi#ENABLED}).
 *
 * <p>Its initialiser reads nothing of {@link VectorApi} but the compile-time constant
 * {@link VectorApi#WIDTH_PROPERTY}: {@code VectorApi} reads {@link #LANES} while it initialises, so a call
 * back into it from here would let whichever class loads first see the other's fields still zero.
 */
final class VectorWidth {

  static final VectorSpecies<Double> SPECIES = chooseBits(System.getProperty(VectorApi.WIDTH_PROPERTY),
      DoubleVector.SPECIES_PREFERRED.vectorBitSize()) == 512 ? DoubleVector.SPECIES_512 : DoubleVector.SPECIES_256;
  static final int LANES = SPECIES.length();
  /** The float species of the same width, for the float32 kernels: 8 or 16 floats. */
  static final VectorSpecies<Float> FLOAT_SPECIES = LANES == 8 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_256;

  private VectorWidth() {}

  /**
   * The width {@value VectorApi#WIDTH_PROPERTY} asks for, or {@code preferredBits} rounded down to a width the
   * kernels support (at least 256) when the property is not set.
   *
   * @throws IllegalArgumentException if the property is set to anything but 256 or 512, naming what came
   */
  static int chooseBits(String property, int preferredBits) {
    if (property == null) {
      return preferredBits >= 512 ? 512 : 256;
    }
    return switch (property.trim()) {
      case "256" -> 256;
      case "512" -> 512;
      default -> throw new IllegalArgumentException("system property " + VectorApi.WIDTH_PROPERTY
          + ": expected 256 or 512 (vector bits), got '" + property + "'");
    };
  }}
