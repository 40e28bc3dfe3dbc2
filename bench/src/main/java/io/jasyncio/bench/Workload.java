package io.jasyncio.bench;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The benchmark workloads, the same program in every peer. A worker process runs one of them and
 * prints {@code RESULT seconds=S ops=N ...}: S is the wall time of the measured region (the whole
 * run, tasks created and gathered), N what was counted in it. Except for W2 (whose peak RSS is
 * measured), every peer first runs the same workload at a tenth of the size, untimed, so that
 * JIT-compiled peers are measured warm, as a long-running program would be.
 *
 * <ul>
 *   <li>{@link #W1}: two tasks ping-pong with sleep(0) (yield); N switches. Metric: ns per switch.
 *   <li>{@link #W2}: the lesson scaled: N tasks each sleep 1 s, then count; all gathered. Metric:
 *       wall seconds and peak RSS (bytes per task above N=1).
 *   <li>{@link #W3}: create and gather N tasks that return at once. Metric: tasks per second.
 *   <li>{@link #W4}: N tasks that recurse to a depth, then suspend 10 times there. Metric: ns per
 *       switch (10 N switches).
 *   <li>{@link #W5}: a producer and a consumer through a queue bounded at {@value #QUEUE_CAPACITY};
 *       N items. Metric: items per second.
 * </ul>
 */
public enum Workload {
  W1,
  W2,
  W3,
  W4,
  W5;

  /** The capacity of W5's bounded queue. */
  public static final int QUEUE_CAPACITY = 64;

  /** How many times each W4 task suspends at the bottom of its recursion. */
  public static final int SUSPENSIONS = 10;

  /** Parsed worker arguments: {@code WORKLOAD N [DEPTH]}. */
  public record Args(Workload workload, int n, int depth) {
    public static Args parse(String[] args) {
      if (args.length < 2) {
        throw new IllegalArgumentException("usage: WORKLOAD N [DEPTH], e.g. w1 1000000");
      }
      Workload w = Workload.valueOf(args[0].toUpperCase(Locale.ROOT));
      int n = Integer.parseInt(args[1].replace("_", ""));
      int depth = args.length > 2 ? Integer.parseInt(args[2]) : 0;
      return new Args(w, n, depth);
    }
  }

  /** Fails the worker if a workload did not do all its work. */
  public static long check(long got, long expected) {
    if (got != expected) {
      System.err.println("CHECK FAILED: counted " + got + ", expected " + expected);
      System.exit(3);
    }
    return got;
  }

  /** One workload run of a peer's program: how many operations it did. */
  @FunctionalInterface
  public interface Measure {
    long measure(Workload w, int n, int depth) throws Exception;
  }

  /**
   * A Java peer's whole {@code main}: parses {@code WORKLOAD N [DEPTH]}, runs a tenth of the size
   * untimed first (as every peer does, except for W2, which is measured cold), then the size,
   * timed, and prints the {@code RESULT} line with {@code extra} (such as {@code impl=vthreads}).
   */
  public static void run(String[] args, Measure m, Supplier<String> extra) throws Exception {
    Args a = Args.parse(args);
    if (a.workload() != W2) {
      m.measure(a.workload(), Math.max(1, a.n() / 10), a.depth()); // warm-up: a tenth, untimed
    }
    long t0 = System.nanoTime();
    long ops = m.measure(a.workload(), a.n(), a.depth());
    double seconds = (System.nanoTime() - t0) / 1e9;
    report(seconds, ops, extra.get());
  }

  public static void report(double seconds, long ops, String extra) {
    System.out.printf(Locale.ROOT, "RESULT seconds=%.6f ops=%d %s%n", seconds, ops, extra);
  }
}
