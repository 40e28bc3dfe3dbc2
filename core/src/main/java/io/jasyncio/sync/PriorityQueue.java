package io.jasyncio.sync;

import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Queue} that hands out its smallest item first: asyncio's {@code PriorityQueue}, with the
 * items' natural order or a comparator (Python compares the items, typically {@code (priority,
 * data)} tuples). Equal items come out in no particular order, as from a heap.
 *
 * @param <T> the type of the items
 */
public final class PriorityQueue<T> extends Queue<T> {
  /** An unbounded queue ordered by the items' natural order. */
  public PriorityQueue() {
    this(0, null);
  }

  /**
   * @param maxsize the most items it holds; 0 or less for no limit
   */
  public PriorityQueue(int maxsize) {
    this(maxsize, null);
  }

  /**
   * @param maxsize the most items it holds; 0 or less for no limit
   * @param comparator the order, or {@code null} for the items' natural order
   */
  public PriorityQueue(int maxsize, @Nullable Comparator<? super T> comparator) {
    super(maxsize, new java.util.PriorityQueue<>(comparator));
  }
}
