package io.jasyncio.conformance;

import io.jasyncio.Coroutine;
import io.jasyncio.VoidCoroutine;

/** What the Java twins share with each other, as the Python programs share their idioms. */
final class Support {
  private Support() {}

  /** Python's {@code class Boom(Exception)}: prints as {@code Boom('msg')}. */
  static final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom() {
      super();
    }

    Boom(String message) {
      super(message);
    }
  }

  /**
   * Python's {@code class Oops(Exception)}, as a checked exception: prints as {@code Oops('msg')}.
   */
  static final class Oops extends Exception {
    private static final long serialVersionUID = 1L;

    Oops() {
      super();
    }

    Oops(String message) {
      super(message);
    }
  }

  /**
   * A coroutine as an argument of {@code gather}, which takes {@code Awaitable}s: the lambda needs
   * a target type. Python passes the coroutine object {@code work(...)} the same way.
   */
  static <T> Coroutine<T> coro(Coroutine<T> c) {
    return c;
  }

  /** As {@link #coro(Coroutine)} for a coroutine that returns nothing. */
  static VoidCoroutine vcoro(VoidCoroutine c) {
    return c;
  }
}
