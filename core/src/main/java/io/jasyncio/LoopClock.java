package io.jasyncio;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A loop's clock: the real monotonic clock, or a virtual one that moves only when the loop jumps it
 * to the next timer (Trio's autojump clock). Times are nanoseconds since an origin. An infinite
 * delay or time is {@link #NEVER}, a deadline that never comes; finite delays are cut to {@link
 * #FAR} and deadlines to just below {@link #NEVER}, so that no sum overflows and a huge finite
 * sleep on virtual time leaves a clock that still moves.
 */
final class LoopClock {
  /*
   * Implementation notes.
   *
   * `virtualNanos` is written by the loop's owner thread only (jumpTo), and is volatile because
   * time() may be read from any thread. `holds` counts the jobs on other threads that hold a
   * virtual clock (see hold()): any thread, atomically.
   */

  /** The longest finite delay: about 146 years. Longer ones are cut to it. */
  static final long FAR = Long.MAX_VALUE / 2;

  /** The deadline of an infinite delay: never due, and never jumped to. */
  static final long NEVER = Long.MAX_VALUE;

  private static final long ORIGIN = System.nanoTime();

  /** Bound by {@link Asyncio#withVirtualTime}: loops made inside run on virtual time. */
  static final ScopedValue<double[]> VIRTUAL_TIME_SCOPE = ScopedValue.newInstance();

  private final boolean virtual;

  /** Where the final virtual time is added at close, for a loop made in withVirtualTime. */
  private final double @Nullable [] total;

  private volatile long virtualNanos;

  /**
   * How long a virtual clock waits, in real milliseconds, for a registered channel to become ready
   * before it jumps: {@code -Djasyncio.ioQuietMillis} (1 by default; 0: only a look). Data from a
   * peer in the same process is usually there at the first look; a child process may need longer.
   */
  static final long IO_QUIET_MILLIS = Math.max(0, Long.getLong("jasyncio.ioQuietMillis", 1));

  /**
   * Jobs on other threads that the clock waits for: while any holds it, a virtual clock does not
   * jump, so time never passes work that is still running.
   */
  private final AtomicInteger holds = new AtomicInteger();

  /**
   * Awaited CompletionStages ({@code Asyncio.await(stage)}): they hold the clock too, but softly. A
   * stage may be completed by a task of this very loop that waits for the clock (a sleep), which a
   * hold would deadlock; so once only soft holds keep a due timer from firing for {@link
   * #STAGE_HOLD_NANOS} of real time, the clock jumps anyway, with a warning.
   */
  private final AtomicInteger softHolds = new AtomicInteger();

  /** How long soft holds may keep a due jump waiting: {@code -Djasyncio.stageHoldMillis}. */
  static final long STAGE_HOLD_NANOS =
      Math.max(0, Long.getLong("jasyncio.stageHoldMillis", 1000)) * 1_000_000L;

  /** Since when (System.nanoTime) only soft holds keep a due jump waiting. Owner thread only. */
  private long softWaitSince;

  private boolean softWaiting;

  private boolean softWarned;

  LoopClock(boolean virtual) {
    this.virtual = virtual;
    this.total = virtual && VIRTUAL_TIME_SCOPE.isBound() ? VIRTUAL_TIME_SCOPE.get() : null;
  }

  boolean isVirtual() {
    return virtual;
  }

  /** The time now, in nanoseconds. Any thread. */
  long nanos() {
    return virtual ? virtualNanos : System.nanoTime() - ORIGIN;
  }

  /**
   * Whether the clock may jump now: it is virtual and no job on another thread holds it. Owner
   * thread only.
   */
  boolean canJump() {
    return virtual && holds.get() == 0 && softHolds.get() == 0;
  }

  /**
   * With a virtual clock kept from a due jump only by soft holds: the real nanoseconds left to wait
   * for them (0: the wait is over, jump now); -1 otherwise. Owner thread only.
   */
  long softWaitLeft() {
    if (!virtual || holds.get() != 0 || softHolds.get() == 0) {
      softWaiting = false;
      return -1;
    }
    long now = System.nanoTime();
    if (!softWaiting) {
      softWaiting = true;
      softWaitSince = now;
    }
    long left = softWaitSince + STAGE_HOLD_NANOS - now;
    if (left > 0) {
      return left;
    }
    softWaiting = false;
    if (!softWarned) {
      softWarned = true;
      System.getLogger("io.jasyncio")
          .log(
              System.Logger.Level.WARNING,
              "virtual time: the clock jumps although an awaited CompletionStage (or a TLS"
                  + " handshake in flight) has held it for "
                  + STAGE_HOLD_NANOS / 1_000_000
                  + " ms of real time. If a task of this loop completes that stage after a sleep,"
                  + " await the task itself; if it is real work that takes longer, raise"
                  + " -Djasyncio.stageHoldMillis or run on the real clock (@AsyncTest(realTime ="
                  + " true)). Said once per loop.");
    }
    return 0;
  }

  /** Moves a virtual clock forward to {@code when} (never back). Owner thread only. */
  void jumpTo(long when) {
    if (when > virtualNanos) {
      virtualNanos = when;
    }
  }

  /** A job on another thread starts holding the clock. Any thread. */
  void hold() {
    holds.incrementAndGet();
  }

  /** A job on another thread stops holding the clock. Any thread. */
  void release() {
    holds.decrementAndGet();
  }

  /** An awaited CompletionStage starts holding the clock, softly. Any thread. */
  void holdSoftly() {
    softHolds.incrementAndGet();
  }

  /** An awaited CompletionStage stops holding the clock. Any thread. */
  void releaseSoftly() {
    softHolds.decrementAndGet();
  }

  /**
   * At close: adds the virtual time spent to withVirtualTime's total, if the loop was made there.
   */
  void addToTotal() {
    double[] t = total;
    if (t != null) {
      t[0] += virtualNanos / 1e9;
    }
  }

  // ---- conversions -----------------------------------------------------------------------------

  /**
   * Seconds as nanoseconds: {@link #NEVER} for +infinity, finite values saturated at plus or minus
   * {@link #FAR}.
   *
   * @throws IllegalArgumentException if {@code seconds} is NaN, naming {@code what}
   */
  static long toNanos(double seconds, String what) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(what + " is NaN: pass a number of seconds");
    }
    if (seconds == Double.POSITIVE_INFINITY) {
      return NEVER;
    }
    double n = seconds * 1e9;
    if (n >= FAR) {
      return FAR;
    }
    if (n <= -FAR) {
      return -FAR;
    }
    return Math.round(n);
  }

  /** Returns {@code seconds}, which must be a number (not NaN), naming {@code what} otherwise. */
  static double checkSeconds(double seconds, String what) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException(what + " is NaN: pass a number of seconds");
    }
    return seconds;
  }

  /**
   * A span of seconds for a message: "2 s", "0.25 s", rounded to the millisecond, and "of virtual
   * time" on a virtual clock, so that a timeout says which clock it was measured on.
   */
  static String describeSpan(double seconds, LoopClock clock) {
    String n =
        Double.isFinite(seconds)
            ? java.math.BigDecimal.valueOf(Math.max(0, seconds))
                .setScale(3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString()
            : "inf";
    return n + " s" + (clock.isVirtual() ? " of virtual time" : "");
  }

  /** A duration as nanoseconds, saturated at plus or minus {@link #FAR}. */
  static long toNanos(Duration d) {
    Objects.requireNonNull(d, "delay");
    try {
      return Math.max(-FAR, Math.min(FAR, d.toNanos()));
    } catch (ArithmeticException e) {
      return d.isNegative() ? -FAR : FAR;
    }
  }

  /**
   * The deadline {@code delay} after {@code now}: {@link #NEVER} for an infinite delay, else cut to
   * just below it.
   */
  static long deadline(long now, long delay) {
    if (delay == NEVER) {
      return NEVER;
    }
    return delay > NEVER - 1 - now ? NEVER - 1 : now + delay;
  }

  /** A deadline in seconds: +infinity for {@link #NEVER}. */
  static double seconds(long deadline) {
    return deadline == NEVER ? Double.POSITIVE_INFINITY : deadline / 1e9;
  }
}
