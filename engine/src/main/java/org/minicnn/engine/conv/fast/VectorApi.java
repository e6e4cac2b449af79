package org.minicnn.engine.conv.fast;

/**
 * The one switch between the Vector API kernels and their plain-Java twins, and the vector width they
 * use, decided once per JVM.
 *
 * <p>The Vector API ({@code jdk.incubator.vector}) is an incubator module on JDK 17: it is only there
 * when the JVM starts with {@code --add-modules jdk.incubator.vector}. Both families compute the same
 * numbers (tested equal; the multiply bit for bit), so the switch changes speed only. The system
 * property {@code minicnn.scalar=true} forces plain Java, for tests and comparisons.
 *
 * <p>Width: the kernels take the widest vector the machine has ({@code DoubleVector.SPECIES_PREFERRED})
 * among those their register tiles are written for, 256 bits (four doubles: AVX2, and the narrowest
 * any tile supports) and 512 bits (eight doubles: AVX-512). The system property
 * {@value #WIDTH_PROPERTY}{@code =256} or {@code =512} forces one, for tests and comparisons; a width
 * the hardware lacks still computes the same numbers, as the JDK then emulates it (slowly).
 */
public final class VectorApi {

  /** The system property that forces the vector width in bits: 256 or 512. */
  public static final String WIDTH_PROPERTY = "minicnn.vectorBits";

  /** Whether the fast kernels run on the Vector API. */
  public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("minicnn.scalar");

  /**
   * Doubles per vector of the kernels: 4 or 8 ({@link #bits()}{@code / 64}); 1 when they run plain Java.
   * Tiles, panels and gather tables are multiples of it.
   */
  public static final int LANES = ENABLED ? VectorWidth.LANES : 1;

  static {
    VectorApiNotice.printOnceIfMissing(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
  }

  private VectorApi() {}

  /** The width of the kernels' vectors in bits, 256 or 512; 0 when they run plain Java. */
  public static int bits() {
    return ENABLED ? 64 * LANES : 0;
  }
}
