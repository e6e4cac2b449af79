package org.minicnn.engine.conv.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Array;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvWorkspace}: each scratch array grows to the size asked for and is then kept, so repeated calls of
 * the same or a smaller size allocate nothing; and each thread has its own.
 */
class ConvWorkspaceTest {

  @Test
  void everyScratchArrayGrowsOnDemandAndIsKept() {
    ConvWorkspace ws = ConvWorkspace.get();
    assertKeptOnceGrown("patches", ws::patches);
    assertKeptOnceGrown("patchGrads", ws::patchGrads);
    assertKeptOnceGrown("kernelT", ws::kernelT);
    assertKeptOnceGrown("packedKernel", ws::packedKernel);
    assertKeptOnceGrown("partials", ws::partials);
    assertKeptOnceGrown("pixelBases", ws::pixelBases);
    assertKeptOnceGrown("borderedImage", ws::borderedImage);
  }

  @Test
  void eachThreadHasItsOwnWorkspace() throws InterruptedException {
    ConvWorkspace mine = ConvWorkspace.get();
    assertSame(mine, ConvWorkspace.get());
    AtomicReference<ConvWorkspace> other = new AtomicReference<>();
    Thread thread = new Thread(() -> other.set(ConvWorkspace.get()));
    thread.start();
    thread.join();
    assertNotSame(mine, other.get());
  }

  /**
   * Asks for a size beyond any earlier call's, then the same size and a smaller one: the same array each time,
   * of exactly the size asked for.
   */
  private static void assertKeptOnceGrown(String name, IntFunction<Object> scratch) {
    int size = Array.getLength(scratch.apply(0)) + 1000;
    Object grown = scratch.apply(size);
    assertEquals(size, Array.getLength(grown), name + " grown to the size asked for");
    assertSame(grown, scratch.apply(size), name + " asked again for the same size");
    assertSame(grown, scratch.apply(size - 1), name + " asked for less");
    Object larger = scratch.apply(2 * size + 1);
    assertEquals(2 * size + 1, Array.getLength(larger), name + " grown again");
    assertSame(larger, scratch.apply(2 * size + 1), name + " asked again after growing");
  }
}
