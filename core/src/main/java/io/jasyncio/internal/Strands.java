package io.jasyncio.internal;

import java.util.function.Function;

/** Makes strands for the two engines. */
public final class Strands {
  private Strands() {}

  private static final boolean CONTINUATIONS =
      Object.class.getModule().isExported("jdk.internal.vm", Strands.class.getModule());

  /**
   * @return whether {@code jdk.internal.vm} is exported to jasyncio, so that continuations can run
   */
  public static boolean continuationsAvailable() {
    return CONTINUATIONS;
  }

  /**
   * @param continuations true for the continuations engine, false for virtual threads
   * @return a factory of strands for that engine
   */
  public static Function<Runnable, Strand> factory(boolean continuations) {
    if (continuations) {
      return ContinuationHolder.FACTORY;
    }
    VirtualThreadStrand.warmUp();
    return VirtualThreadStrand::new;
  }

  /** Loaded only when continuations are available: its class links against jdk.internal.vm. */
  private static final class ContinuationHolder {
    static final Function<Runnable, Strand> FACTORY = ContinuationStrand::new;
  }
}
