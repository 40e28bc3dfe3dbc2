package io.jasyncio.sync;

/**
 * A held {@link Lock}, {@link Semaphore} or {@link Condition}: closing it releases it. asyncio's
 * {@code async with lock:} is
 *
 * {@snippet :
 * try (Held _ = lock.acquired()) {
 *   // the lock is held here, across await points too
 * }
 * }
 */
@FunctionalInterface
public interface Held extends AutoCloseable {
  /** Releases what was acquired. */
  @Override
  void close();
}
