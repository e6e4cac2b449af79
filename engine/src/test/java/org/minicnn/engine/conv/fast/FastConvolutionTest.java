package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minicnn.engine.conv.ConvSpec;
import org.minicnn.engine.conv.Geometry;
import org.minicnn.engine.layers.Padding;

/**
 * Which kernel the entry point picks (each is tested equal to the reference on its own, so a wrong pick
 * would only be slower and go unnoticed there): the direct kernel for one channel and one filter without
 * stride, dilation or padding; the small-patch kernel for patches of up to 32 values; the blocked multiply
 * for the rest.
 */
class FastConvolutionTest {

  private static FastConvolution.Kernel choose(ConvSpec s) {
    return FastConvolution.choose(s);
  }

  @Test
  void theTeachingCasesTakeTheDirectKernel() {
    assertEquals(FastConvolution.Kernel.DIRECT, choose(Geometry.input(32, 8, 8, 1).kernel(3, 3, 1).spec()));
    assertEquals(FastConvolution.Kernel.DIRECT, choose(Geometry.input(1, 3, 40, 1).kernel(3, 11, 1).spec()));
  }

  @Test
  void patchesOfUpTo32ValuesTakeTheSmallPatchKernel() {
    assertTrue(VectorApi.ENABLED, "the tests run with jdk.incubator.vector; without it small patches are blocked");
    assertEquals(FastConvolution.Kernel.SMALL_PATCH, choose(Geometry.input(2, 8, 8, 1).kernel(3, 3, 2).spec()));
    assertEquals(FastConvolution.Kernel.SMALL_PATCH,
        choose(Geometry.input(2, 8, 8, 1).kernel(3, 3, 1).padding(Padding.SAME).spec()));
    // 4 × 4 × 2 = 32 values, the largest small patch
    assertEquals(FastConvolution.Kernel.SMALL_PATCH, choose(Geometry.input(2, 8, 8, 2).kernel(4, 4, 8).spec()));
  }

  @Test
  void largerPatchesTakeTheBlockedMultiply() {
    // 3 × 11 × 1 = 33 values
    assertEquals(FastConvolution.Kernel.BLOCKED, choose(Geometry.input(2, 8, 16, 1).kernel(3, 11, 2).spec()));
    assertEquals(FastConvolution.Kernel.BLOCKED, choose(Geometry.input(2, 8, 8, 16).kernel(3, 3, 16).spec()));
  }
}
