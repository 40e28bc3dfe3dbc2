package io.jasyncio;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** asyncio's {@code ensure_future}, and the adapter from a coroutine that returns nothing. */
final class Awaitables {
  private Awaitables() {}

  /** A future as it is; a coroutine wrapped in a new task of {@code loop}. Loop thread only. */
  @SuppressWarnings("unchecked")
  static <T extends @Nullable Object> Future<T> ensureFuture(EventLoop loop, Awaitable<T> aw) {
    Objects.requireNonNull(aw, "awaitable");
    return switch (aw) {
      case Future<T> f -> f;
      case Coroutine<T> c -> loop.createTask(c);
      case VoidCoroutine v -> (Future<T>) loop.createTask(v);
    };
  }

  /** A coroutine that runs {@code coro} and returns null. */
  @SuppressWarnings("NullAway") // a Void is always null
  static Coroutine<Void> coroutine(VoidCoroutine coro) {
    return () -> {
      coro.run();
      return null;
    };
  }
}
