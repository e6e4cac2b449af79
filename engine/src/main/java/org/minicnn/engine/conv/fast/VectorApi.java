package org.minicnn.engine.conv.fast;

/**
 * The one switch between the Vector API kernels and their plain-Java twins, decided once per JVM.
 *
 * <p>The Vector API ({@code jdk.incubator.vector}) is an incubator module on JDK 17: it is only there
 * when the JVM starts with {@code --add-modules jdk.incubator.vector}. Both families compute the same
 * numbers (tested equal; the multiply bit for bit), so the switch changes speed only. The system
 * property {@code minicnn.scalar=true} forces plain Java, for tests and comparisons.
 */
public final class VectorApi {

  /** Whether the fast kernels run on the Vector API. */
  public static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("minicnn.scalar");

  static {
    VectorApiNotice.printOnceIfMissing(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
  }

  private VectorApi() {}
}
