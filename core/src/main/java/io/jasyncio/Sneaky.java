package io.jasyncio;

/** Rethrows any exception unchanged, checked or not: how await points pass exceptions on. */
final class Sneaky {
  private Sneaky() {}

  /**
   * Throws {@code t} as it is. Declared to return an exception so callers can write {@code throw
   * Sneaky.rethrow(t)} and the compiler knows the path ends.
   */
  static RuntimeException rethrow(Throwable t) {
    throw Sneaky.<RuntimeException>doThrow(t);
  }

  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // the sneaky-throw idiom
  private static <E extends Throwable> E doThrow(Throwable t) throws E {
    throw (E) t;
  }
}
