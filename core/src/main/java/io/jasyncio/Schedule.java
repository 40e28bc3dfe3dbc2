package io.jasyncio;

import java.util.Objects;

/**
 * The order in which an {@link EventLoop} runs the callbacks and task steps that are ready in the
 * same iteration. For tests: {@link EventLoop#setSchedule} with a seeded schedule runs a program
 * under an order asyncio's fixed order would never show, to find ordering bugs; the same schedule
 * replays the same order exactly.
 *
 * <ul>
 *   <li>{@link #fifo()}: asyncio's first-in, first-out order, the default.
 *   <li>{@link #random(long)}: each iteration's ready batch runs in a uniformly random permutation.
 *   <li>{@link #pct(long, int)}: PCT, probabilistic concurrency testing (Burckhardt et al., ASPLOS
 *       2010). Each task gets a random priority, and the ready tasks run highest priority first; at
 *       {@code depth - 1} random points the task that just ran drops below every other. A bug that
 *       needs one task to stay ahead of another for many iterations in a row, which a random
 *       permutation finds with a chance halved at every iteration, PCT finds with a chance that
 *       does not shrink with the length of the run.
 * </ul>
 *
 * <p>Only the order of the task steps that are ready in the same iteration changes: never which
 * iteration anything runs in, and never the order of plain callbacks ({@code callSoon} order and
 * timer order are asyncio's guarantees), so timers, {@code sleep(0)} and the start of new tasks
 * keep their meaning. Each explored order is one in which the same tasks could have become ready
 * (their wake-ups arriving in another order).
 *
 * <p>PCT spreads its change points over the first {@code horizon} scheduling decisions (a decision:
 * one task step's place in a batch of two or more; {@value #PCT_HORIZON} by default); in a longer
 * run, the priorities stay fixed after that. For a long test whose bug needs a late priority
 * change, give a horizon about the number of decisions the test makes.
 *
 * <p>{@link #toString()} is the Java expression that makes the schedule again, to paste into a
 * replay.
 */
public final class Schedule {
  /** The kinds of schedule. */
  public enum Kind {
    /** asyncio's order. */
    FIFO,
    /** A random permutation of every ready batch. */
    RANDOM,
    /** Random task priorities with {@code depth - 1} priority change points. */
    PCT
  }

  /** The PCT depth used when none is given: finds bugs that need up to two forced switches. */
  public static final int DEFAULT_DEPTH = 3;

  /**
   * How many scheduling decisions (task-step positions in ready batches of two or more) PCT spreads
   * its change points over, unless told otherwise.
   */
  public static final int PCT_HORIZON = 64;

  private static final Schedule FIFO = new Schedule(Kind.FIFO, 0, 0, 0);

  private final Kind kind;
  private final long seed;
  private final int depth;
  private final int horizon;

  private Schedule(Kind kind, long seed, int depth, int horizon) {
    this.kind = kind;
    this.seed = seed;
    this.depth = depth;
    this.horizon = horizon;
  }

  /** Returns asyncio's first-in, first-out order. */
  public static Schedule fifo() {
    return FIFO;
  }

  /**
   * Returns a schedule that permutes every ready batch at random.
   *
   * @param seed the seed of the permutations
   */
  public static Schedule random(long seed) {
    return new Schedule(Kind.RANDOM, seed, 0, 0);
  }

  /**
   * Returns a PCT schedule of {@link #DEFAULT_DEPTH}.
   *
   * @param seed the seed of the priorities and change points
   */
  public static Schedule pct(long seed) {
    return pct(seed, DEFAULT_DEPTH);
  }

  /**
   * A PCT schedule over the default horizon ({@value #PCT_HORIZON} decisions).
   *
   * @param seed the seed of the priorities and change points
   * @param depth 1 for fixed priorities, plus one for each change point
   * @return a PCT schedule
   * @throws IllegalArgumentException if {@code depth < 1}
   */
  public static Schedule pct(long seed, int depth) {
    return pct(seed, depth, PCT_HORIZON);
  }

  /**
   * A PCT schedule whose change points fall in the first {@code horizon} decisions.
   *
   * @param seed the seed of the priorities and change points
   * @param depth 1 for fixed priorities, plus one for each change point
   * @param horizon how many scheduling decisions the change points are spread over
   * @return a PCT schedule
   * @throws IllegalArgumentException if {@code depth < 1} or {@code horizon < 1}
   */
  public static Schedule pct(long seed, int depth, int horizon) {
    if (depth < 1) {
      throw new IllegalArgumentException(
          "Schedule.pct(seed, depth = " + depth + "): depth must be >= 1 (1 = fixed priorities)");
    }
    if (horizon < 1) {
      throw new IllegalArgumentException(
          "Schedule.pct(seed, depth, horizon = "
              + horizon
              + "): horizon must be >= 1 (about the number of scheduling decisions in the test)");
    }
    return new Schedule(Kind.PCT, seed, depth, horizon);
  }

  /**
   * Returns the schedule.
   *
   * @param kind the kind
   * @param seed the seed (ignored for {@link Kind#FIFO})
   * @param depth the PCT depth (ignored unless {@link Kind#PCT})
   */
  public static Schedule of(Kind kind, long seed, int depth) {
    return of(kind, seed, depth, PCT_HORIZON);
  }

  /**
   * Returns the schedule.
   *
   * @param kind the kind
   * @param seed the seed (ignored for {@link Kind#FIFO})
   * @param depth the PCT depth (ignored unless {@link Kind#PCT})
   * @param horizon the PCT horizon (ignored unless {@link Kind#PCT})
   */
  public static Schedule of(Kind kind, long seed, int depth, int horizon) {
    return switch (Objects.requireNonNull(kind, "kind")) {
      case FIFO -> fifo();
      case RANDOM -> random(seed);
      case PCT -> pct(seed, depth, horizon);
    };
  }

  /** Returns the kind. */
  public Kind kind() {
    return kind;
  }

  /** Returns the seed; 0 for {@link Kind#FIFO}. */
  public long seed() {
    return seed;
  }

  /** Returns the PCT depth; 0 unless {@link Kind#PCT}. */
  public int depth() {
    return depth;
  }

  /** Returns the PCT horizon; 0 unless {@link Kind#PCT}. */
  public int horizon() {
    return horizon;
  }

  /** A fresh orderer for one loop; null for FIFO. */
  @org.jspecify.annotations.Nullable
  Orderer newOrderer() {
    return switch (kind) {
      case FIFO -> null;
      case RANDOM -> new RandomOrderer(seed);
      case PCT -> new PctOrderer(seed, depth, horizon);
    };
  }

  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof Schedule s
        && s.kind == kind
        && s.seed == seed
        && s.depth == depth
        && s.horizon == horizon;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, seed, depth, horizon);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIFO -> "Schedule.fifo()";
      case RANDOM -> "Schedule.random(" + seed + ")";
      case PCT ->
          "Schedule.pct("
              + seed
              + ", "
              + depth
              + (horizon == PCT_HORIZON ? "" : ", " + horizon)
              + ")";
    };
  }

  /**
   * Puts the task steps of one ready batch (two or more) in the order to run them. The loop puts
   * them back in the batch's task-step slots, so plain callbacks keep their places and their order
   * (asyncio guarantees callSoon order). Loop thread only.
   */
  interface Orderer {
    void order(Task<?>[] steps);

    /** Called after each task step of an ordered batch ran. */
    default void ran(Task<?> t) {}
  }

  private static final class RandomOrderer implements Orderer {
    private final java.util.Random random;

    RandomOrderer(long seed) {
      random = new java.util.Random(seed);
    }

    @Override
    public void order(Task<?>[] batch) {
      for (int i = batch.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Task<?> t = batch[i];
        batch[i] = batch[j];
        batch[j] = t;
      }
    }
  }

  /*
   * PCT on ready batches. A task's priority is drawn when the task is first seen, from
   * [depth, depth + 2^30): every initial priority is above every lowered one. Change points are
   * decision numbers (a decision = one position in a batch of two or more), drawn uniformly from
   * [0, horizon); at the i-th change point (i = 1..depth-1) the task that just ran gets
   * priority depth - i, below every task not yet lowered.
   */
  private static final class PctOrderer implements Orderer {
    private final java.util.Random random;
    private final int depth;
    private final long[] changePoints;

    /** Task -> priority; weak, so that done tasks are not kept alive (Task has identity equals). */
    private final java.util.WeakHashMap<Task<?>, Integer> priorities =
        new java.util.WeakHashMap<>();

    private long decisions;
    private int changesMade;

    PctOrderer(long seed, int depth, int horizon) {
      this.random = new java.util.Random(seed);
      this.depth = depth;
      this.changePoints = new long[depth - 1];
      for (int i = 0; i < changePoints.length; i++) {
        changePoints[i] = random.nextInt(horizon);
      }
      java.util.Arrays.sort(changePoints);
    }

    private int priority(Task<?> task) {
      return priorities.computeIfAbsent(task, t -> depth + random.nextInt(1 << 30));
    }

    @Override
    public void order(Task<?>[] batch) {
      int[] prio = new int[batch.length];
      Integer[] idx = new Integer[batch.length];
      for (int i = 0; i < batch.length; i++) {
        prio[i] = priority(batch[i]);
        idx[i] = i;
      }
      java.util.Arrays.sort(idx, (a, b) -> Integer.compare(prio[b], prio[a])); // stable: FIFO ties
      Task<?>[] copy = batch.clone();
      for (int i = 0; i < batch.length; i++) {
        batch[i] = copy[idx[i]];
      }
    }

    @Override
    public void ran(Task<?> t) {
      long d = decisions++;
      while (changesMade < changePoints.length && changePoints[changesMade] == d) {
        changesMade++;
        priorities.put(t, depth - changesMade);
      }
    }
  }
}
