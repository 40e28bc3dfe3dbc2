package io.jasyncio.sync;

import io.jasyncio.CancelledError;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in, first-out queue between tasks: asyncio's {@code Queue}. With a {@code maxsize} above
 * 0, {@link #put} waits while the queue is full; {@link #get} waits while it is empty. Waiters are
 * served first come, first served. {@link #taskDone()} and {@link #join()} count the items whose
 * processing is finished; {@link #shutdown} ends the queue (CPython 3.13).
 *
 * <p>Cancellation: a task cancelled while waiting in {@code put} or {@code get} neither adds nor
 * takes an item, and if it had been woken, the wake-up passes to the next waiter. No item is lost
 * or delivered twice.
 *
 * <p>A queue needs no running loop until a task must wait on it: it can be filled with {@link
 * #putNowait} before the loop starts.
 *
 * <p>Subclasses choose the order: {@link LifoQueue}, {@link PriorityQueue}.
 *
 * @param <T> the type of the items
 */
public class Queue<T> extends LoopBound {
  private final int maxsize;
  private final java.util.Queue<T> items;
  private final WaitQueue getters = new WaitQueue();
  private final WaitQueue putters = new WaitQueue();
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
    finished.setChecked();
  }

  /** Returns how many items it holds now. */
  public int qsize() {
    return items.size();
  }

  /** Returns the limit given at creation (0 or less: none). */
  public int maxsize() {
    return maxsize;
  }

  /** Returns whether it holds no item. */
  public boolean empty() {
    return items.isEmpty();
  }

  /** Returns whether it holds {@code maxsize} items (never, without a limit). */
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
    Objects.requireNonNull(item, "item");
    checkThread("Queue.put");
    while (full()) {
      if (isShutdown) {
        throw new QueueShutDown("put() on a queue that was shut down");
      }
      putters.park(
          loopForWait("Queue.put"),
          woken -> {
            if (woken && !full()) {
              putters.wakeNext(); // woken for a free slot we will not use: pass it on
            }
          });
    }
    add(item);
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
    checkThread("Queue.putNowait");
    add(item);
  }

  /** putNowait once the thread is checked: put() and putNowait() check it once each. */
  private void add(T item) {
    if (isShutdown) {
      throw new QueueShutDown("putNowait() on a queue that was shut down");
    }
    if (full()) {
      throw new QueueFull("queue is full (maxsize " + maxsize + "): use put() to wait");
    }
    items.add(item);
    unfinishedTasks++;
    finished.clearChecked();
    getters.wakeNext();
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
    checkThread("Queue.get");
    while (empty()) {
      if (isShutdown) {
        throw new QueueShutDown("get() on a queue that was shut down and is empty");
      }
      getters.park(
          loopForWait("Queue.get"),
          woken -> {
            if (woken && !empty()) {
              getters.wakeNext(); // woken for an item we will not take: pass it on
            }
          });
    }
    return take();
  }

  /**
   * Removes and returns an item without waiting.
   *
   * @return the item
   * @throws QueueEmpty if the queue is empty
   * @throws QueueShutDown if the queue is shut down and empty
   */
  public T getNowait() {
    checkThread("Queue.getNowait");
    return take();
  }

  /** getNowait once the thread is checked. */
  private T take() {
    if (items.isEmpty()) {
      if (isShutdown) {
        throw new QueueShutDown("getNowait() on a queue that was shut down and is empty");
      }
      throw new QueueEmpty("queue is empty: use get() to wait");
    }
    T item = items.remove();
    putters.wakeNext();
    return item;
  }

  /**
   * Marks an item taken with {@link #get} as processed: asyncio's {@code task_done}.
   *
   * @throws IllegalStateException if called more times than items were put
   */
  public void taskDone() {
    checkThread("Queue.taskDone");
    if (unfinishedTasks <= 0) {
      throw new IllegalStateException("taskDone() called too many times");
    }
    unfinishedTasks--;
    if (unfinishedTasks == 0) {
      finished.setChecked();
    }
  }

  /**
   * Waits until every item put has been marked processed with {@link #taskDone()}. An await point
   * (only while items are unfinished).
   */
  public void join() {
    checkThread("Queue.join");
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
    checkThread("Queue.shutdown");
    isShutdown = true;
    if (immediate) {
      while (!items.isEmpty()) {
        items.remove();
        if (unfinishedTasks > 0) {
          unfinishedTasks--;
        }
      }
      if (unfinishedTasks == 0) {
        finished.setChecked();
      }
    }
    getters.wakeAll(); // each re-checks, and sees the shutdown
    putters.wakeAll();
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
    if (getters.notWoken() > 0) {
      sb.append(" _getters[").append(getters.notWoken()).append(']');
    }
    if (putters.notWoken() > 0) {
      sb.append(" _putters[").append(putters.notWoken()).append(']');
    }
    if (unfinishedTasks > 0) {
      sb.append(" tasks=").append(unfinishedTasks);
    }
    if (isShutdown) {
      sb.append(" shutdown");
    }
    return sb.append('>').toString();
  }
}
