package io.jasyncio;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in, first-out queue between tasks: asyncio's {@code Queue}. With a {@code maxsize}
 * above 0, {@link #put} waits while the queue is full; {@link #get} waits while it is empty.
 * Waiters are served first come, first served. {@link #taskDone()} and {@link #join()} count the
 * items whose processing is finished; {@link #shutdown} ends the queue (CPython 3.13).
 *
 * <p>Cancellation: a task cancelled while waiting in {@code put} or {@code get} neither adds nor
 * takes an item, and if it had been woken, the wake-up passes to the next waiter. No item is lost
 * or delivered twice.
 *
 * <p>Subclasses choose the order: {@link LifoQueue}, {@link PriorityQueue}.
 *
 * @param <T> the type of the items
 */
public class Queue<T> extends LoopBound {
  private final int maxsize;
  private final java.util.Queue<T> items;
  private final ArrayDeque<Future<?>> getters = new ArrayDeque<>();
  private final ArrayDeque<Future<?>> putters = new ArrayDeque<>();
  private int unfinishedTasks;
  private final Event finished = new Event();
  private boolean isShutdown;

  /** An unbounded queue. */
  public Queue() {
    this(0);
  }

  /**
   * @param maxsize the most items it holds; 0 or less for no limit
   */
  public Queue(int maxsize) {
    this(maxsize, new ArrayDeque<>());
  }

  Queue(int maxsize, java.util.Queue<T> items) {
    this.maxsize = maxsize;
    this.items = items;
    finished.set();
  }

  /**
   * @return how many items it holds now
   */
  public int qsize() {
    return items.size();
  }

  /**
   * @return the limit given at creation (0 or less: none)
   */
  public int maxsize() {
    return maxsize;
  }

  /**
   * @return whether it holds no item
   */
  public boolean empty() {
    return items.isEmpty();
  }

  /**
   * @return whether it holds {@code maxsize} items (never, without a limit)
   */
  public boolean full() {
    return maxsize > 0 && items.size() >= maxsize;
  }

  /**
   * Adds an item, waiting while the queue is full. An await point (only when full).
   *
   * @param item the item
   * @throws QueueShutDown if the queue is shut down
   * @throws CancelledError if cancelled while waiting; the item is then not added
   */
  public void put(T item) {
    EventLoop loop = loop();
    while (full()) {
      if (isShutdown) {
        throw new QueueShutDown("put() on a queue that was shut down");
      }
      waitIn(putters, loop, () -> !full());
    }
    putNowait(item);
  }

  /**
   * Adds an item without waiting.
   *
   * @param item the item
   * @throws QueueFull if the queue is full
   * @throws QueueShutDown if the queue is shut down
   */
  public void putNowait(T item) {
    Objects.requireNonNull(item, "item");
    loop();
    if (isShutdown) {
      throw new QueueShutDown("putNowait() on a queue that was shut down");
    }
    if (full()) {
      throw new QueueFull("queue is full (maxsize " + maxsize + "): use put() to wait");
    }
    items.add(item);
    unfinishedTasks++;
    finished.clear();
    wakeUpNext(getters);
  }

  /**
   * Removes and returns an item, waiting while the queue is empty. An await point (only when
   * empty).
   *
   * @return the item
   * @throws QueueShutDown if the queue is shut down and empty
   * @throws CancelledError if cancelled while waiting; no item is then taken
   */
  public T get() {
    EventLoop loop = loop();
    while (empty()) {
      if (isShutdown) {
        throw new QueueShutDown("get() on a queue that was shut down and is empty");
      }
      waitIn(getters, loop, () -> !empty());
    }
    return getNowait();
  }

  /**
   * Removes and returns an item without waiting.
   *
   * @return the item
   * @throws QueueEmpty if the queue is empty
   * @throws QueueShutDown if the queue is shut down and empty
   */
  public T getNowait() {
    loop();
    if (items.isEmpty()) {
      if (isShutdown) {
        throw new QueueShutDown("getNowait() on a queue that was shut down and is empty");
      }
      throw new QueueEmpty("queue is empty: use get() to wait");
    }
    T item = items.remove();
    wakeUpNext(putters);
    return item;
  }

  /** Waits in {@code waiters} to be woken; on cancellation passes a wake-up on if one is due. */
  private void waitIn(
      ArrayDeque<Future<?>> waiters, EventLoop loop, java.util.function.BooleanSupplier canGo) {
    Future<Void> waiter = new Future<>(loop);
    waiters.add(waiter);
    try {
      waiter.await();
    } catch (Throwable e) {
      waiter.cancel(); // in case it is not done yet
      removeWaiter(waiters, waiter);
      if (canGo.getAsBoolean() && !waiter.isCancelled()) {
        wakeUpNext(waiters); // we were woken but will not use it
      }
      throw e;
    }
  }

  private static void wakeUpNext(ArrayDeque<Future<?>> waiters) {
    Future<?> w;
    while ((w = waiters.pollFirst()) != null) {
      if (!w.isDone()) {
        w.setResult(null);
        return;
      }
    }
  }

  /**
   * Marks an item taken with {@link #get} as processed: asyncio's {@code task_done}.
   *
   * @throws IllegalStateException if called more times than items were put
   */
  public void taskDone() {
    loop();
    if (unfinishedTasks <= 0) {
      throw new IllegalStateException("taskDone() called too many times");
    }
    unfinishedTasks--;
    if (unfinishedTasks == 0) {
      finished.set();
    }
  }

  /**
   * Waits until every item put has been marked processed with {@link #taskDone()}. An await
   * point (only while items are unfinished).
   */
  public void join() {
    loop();
    if (unfinishedTasks > 0) {
      finished.await();
    }
  }

  /**
   * Shuts the queue down: {@code put} then throws {@link QueueShutDown}, and so does {@code get}
   * once the queue is empty; every waiting task is woken to see it. With {@code immediate}, the
   * items left are dropped (counted as done for {@link #join()}). CPython 3.13's {@code shutdown}.
   *
   * @param immediate whether to drop the items left
   */
  public void shutdown(boolean immediate) {
    loop();
    isShutdown = true;
    if (immediate) {
      while (!items.isEmpty()) {
        items.remove();
        if (unfinishedTasks > 0) {
          unfinishedTasks--;
        }
      }
      if (unfinishedTasks == 0) {
        finished.set();
      }
    }
    wakeAll(getters);
    wakeAll(putters);
  }

  private static void wakeAll(ArrayDeque<Future<?>> waiters) {
    Future<?> w;
    while ((w = waiters.pollFirst()) != null) {
      if (!w.isDone()) {
        w.setResult(null);
      }
    }
  }

  /** As {@link #shutdown(boolean) shutdown(false)}. */
  public void shutdown() {
    shutdown(false);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<").append(getClass().getSimpleName());
    sb.append(" maxsize=").append(maxsize);
    if (!items.isEmpty()) {
      sb.append(" _queue=").append(items);
    }
    if (!getters.isEmpty()) {
      sb.append(" _getters[").append(getters.size()).append(']');
    }
    if (!putters.isEmpty()) {
      sb.append(" _putters[").append(putters.size()).append(']');
    }
    if (unfinishedTasks > 0) {
      sb.append(" tasks=").append(unfinishedTasks);
    }
    return sb.append('>').toString();
  }
}
