package io.jasyncio.sync;

/**
 * Lets a number of tasks wait until all of them have arrived: asyncio's {@code Barrier}. When the
 * last of {@link #parties()} tasks calls {@link #await()}, all are released together, and the
 * barrier can be used again.
 *
 * <p>asyncio's {@code barrier.wait()} is {@link #await()} here, as in {@link
 * java.util.concurrent.CyclicBarrier}.
 */
public final class Barrier extends LoopBound {
  /*
   * States, as asyncio's:
   *
   *   FILLING --last party arrives--> DRAINING --all left--> FILLING
   *   FILLING/DRAINING --reset() with tasks inside--> RESETTING --all left--> FILLING
   *   any --abort()--> BROKEN (final until reset())
   */
  private enum State {
    FILLING,
    DRAINING,
    RESETTING,
    BROKEN
  }

  private final Condition cond = new Condition();
  private final int parties;
  private State state = State.FILLING;
  private int count;

  /**
   * @param parties how many tasks must arrive
   * @throws IllegalArgumentException if fewer than 1
   */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be > 0, got " + parties);
    }
    this.parties = parties;
  }

  /**
   * Waits until all parties have arrived. An await point.
   *
   * @return this task's arrival index, from 0 to {@code parties() - 1}
   * @throws BrokenBarrierError if the barrier is broken, reset or aborted while waiting
   */
  public int await() {
    checkThread("Barrier.await");
    try (Held _ = cond.acquired()) {
      cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING);
      if (state == State.BROKEN) {
        throw new BrokenBarrierError("Barrier aborted");
      }
      try {
        int index = count;
        count++;
        if (index + 1 == parties) {
          state = State.DRAINING;
          cond.signalAll();
        } else {
          cond.waitFor(() -> state != State.FILLING);
          if (state == State.BROKEN || state == State.RESETTING) {
            throw new BrokenBarrierError("Abort or reset of barrier");
          }
        }
        return index;
      } finally {
        count--;
        if (count == 0) {
          if (state == State.RESETTING || state == State.DRAINING) {
            state = State.FILLING;
          }
          cond.signalAll();
        }
      }
    }
  }

  /** Resets the barrier: tasks waiting in it get {@link BrokenBarrierError}. An await point. */
  public void reset() {
    checkThread("Barrier.reset");
    try (Held _ = cond.acquired()) {
      if (count > 0) {
        state = State.RESETTING;
      } else {
        state = State.FILLING;
      }
      cond.signalAll();
    }
  }

  /**
   * Breaks the barrier: waiting and future {@link #await()} calls throw {@link BrokenBarrierError},
   * until {@link #reset()}. An await point.
   */
  public void abort() {
    checkThread("Barrier.abort");
    try (Held _ = cond.acquired()) {
      state = State.BROKEN;
      cond.signalAll();
    }
  }

  /** Returns how many tasks must arrive. */
  public int parties() {
    return parties;
  }

  /** Returns how many tasks are waiting while the barrier fills; asyncio's {@code n_waiting}. */
  public int nWaiting() {
    return state == State.FILLING ? count : 0;
  }

  /** Returns whether the barrier is broken. */
  public boolean broken() {
    return state == State.BROKEN;
  }

  @Override
  public String toString() {
    String extra = state.name().toLowerCase(java.util.Locale.ROOT);
    if (!broken()) {
      extra += ", waiters:" + nWaiting() + "/" + parties;
    }
    return "<Barrier [" + extra + "]>";
  }
}
