package io.jasyncio.sync;

import java.util.Collections;

/**
 * A last-in, first-out {@link Queue}: asyncio's {@code LifoQueue}.
 *
 * @param <T> the type of the items
 */
public final class LifoQueue<T> extends Queue<T> {
  /** An unbounded LIFO queue. */
  public LifoQueue() {
    this(0);
  }

  /**
   * @param maxsize the most items it holds; 0 or less for no limit
   */
  public LifoQueue(int maxsize) {
    super(maxsize, Collections.asLifoQueue(new java.util.ArrayDeque<>()));
  }
}
