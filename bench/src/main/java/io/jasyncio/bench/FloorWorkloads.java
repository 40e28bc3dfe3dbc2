package io.jasyncio.bench;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's floor for a stackful task: the workloads on bare {@code jdk.internal.vm.Continuation}s
 * run by the smallest loop that can run them (a FIFO ready queue run in batches as asyncio's
 * iteration does, and a FIFO of sleepers armed in deadline order), with no task object, no futures,
 * no cancellation, no names, no checks. {@code FloorWorkloads WORKLOAD N [DEPTH]}, one per process,
 * printing the same {@code RESULT} line as every peer; needs {@code --add-exports
 * java.base/jdk.internal.vm=ALL-UNNAMED}.
 *
 * <p>It is not a library anyone could use: it is what jasyncio's continuations engine would cost if
 * jasyncio added nothing to the JDK, so that a gap to Kotlin's stackless coroutines can be split
 * into what the JDK's freeze and thaw cost (this peer against Kotlin) and what jasyncio adds (its
 * engine against this peer).
 */
public final class FloorWorkloads {
  private FloorWorkloads() {}

  private static final ContinuationScope SCOPE = new ContinuationScope("floor");

  public static void main(String[] args) throws Exception {
    Workload.run(args, FloorWorkloads::measure, () -> "impl=jdk-floor");
  }

  static long measure(Workload w, int n, int depth) {
    return switch (w) {
      case W1 -> switches(n);
      case W2 -> lesson(n);
      case W3 -> spawn(n);
      case W4 -> deep(n, depth);
      case W5 -> queue(n);
    };
  }

  /** A sleeper: the continuation to run again at its deadline (System.nanoTime). */
  private record Sleeper(long deadline, Continuation c) {}

  /**
   * The loop. One per workload run; static, as the continuation running now must find it without a
   * lookup (every peer's await point finds its loop somehow; this is the cheapest way).
   */
  private static final ArrayDeque<Continuation> ready = new ArrayDeque<>();

  private static final ArrayDeque<Sleeper> sleepers = new ArrayDeque<>();

  private static @Nullable Continuation current;

  /** Runs until nothing is ready and nobody sleeps. */
  private static void runLoop() {
    while (!ready.isEmpty() || !sleepers.isEmpty()) {
      if (ready.isEmpty()) {
        long wait = sleepers.getFirst().deadline() - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      long now = System.nanoTime();
      while (!sleepers.isEmpty() && sleepers.getFirst().deadline() <= now) {
        ready.add(sleepers.removeFirst().c());
      }
      for (int i = ready.size(); i > 0; i--) { // this iteration's batch, as asyncio's _run_once
        Continuation c = ready.removeFirst();
        current = c;
        c.run();
      }
      current = null;
    }
  }

  private static Continuation start(Runnable body) {
    Continuation c = new Continuation(SCOPE, body);
    ready.add(c);
    return c;
  }

  /** asyncio's {@code sleep(0)}: to the back of the ready queue. */
  private static void yieldNow() {
    ready.add(java.util.Objects.requireNonNull(current));
    Continuation.yield(SCOPE);
  }

  private static void sleep(double seconds) {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    sleepers.add(new Sleeper(deadline, java.util.Objects.requireNonNull(current)));
    Continuation.yield(SCOPE);
  }

  /** Parks the running continuation in {@code waiting[which]} until {@link #wakeUp} queues it. */
  private static void park(@Nullable Continuation[] waiting, int which) {
    waiting[which] = java.util.Objects.requireNonNull(current);
    Continuation.yield(SCOPE);
  }

  /** W1: two continuations ping-pong through the ready queue; n switches in all. */
  static long switches(int n) {
    int each = n / 2;
    Runnable body =
        () -> {
          for (int i = 0; i < each; i++) {
            yieldNow();
          }
        };
    Continuation a = start(body);
    Continuation b = start(body);
    runLoop();
    return Workload.check(a.isDone() && b.isDone() ? 2L * each : -1, 2L * each);
  }

  /** W2: the lesson scaled: n continuations each sleep 1 s, then count. */
  static long lesson(int n) {
    int[] count = new int[1];
    Runnable body =
        () -> {
          sleep(1);
          count[0]++;
        };
    for (int i = 0; i < n; i++) {
      start(body);
    }
    runLoop();
    return Workload.check(count[0], n);
  }

  /** W3: n continuations that each store a value at once; all run to the end. */
  static long spawn(int n) {
    Integer[] results = new Integer[n];
    for (int i = 0; i < n; i++) {
      int v = i;
      start(() -> results[v] = v);
    }
    runLoop();
    long filled = 0;
    for (Integer r : results) {
      if (r != null) {
        filled++;
      }
    }
    return Workload.check(filled, n);
  }

  /** W4: n continuations that each recurse to {@code depth}, then suspend 10 times there. */
  static long deep(int n, int depth) {
    int[] finished = new int[1];
    for (int i = 0; i < n; i++) {
      start(
          () -> {
            recurse(depth);
            finished[0]++;
          });
    }
    runLoop();
    Workload.check(finished[0], n);
    return (long) Workload.SUSPENSIONS * n;
  }

  private static int recurse(int depth) {
    if (depth == 0) {
      for (int i = 0; i < Workload.SUSPENSIONS; i++) {
        yieldNow();
      }
      return 0;
    }
    return recurse(depth - 1) + 1;
  }

  /** W5: a producer and a consumer through a queue bounded at 64; n items. */
  static long queue(int n) {
    ArrayDeque<Integer> q = new ArrayDeque<>(Workload.QUEUE_CAPACITY);
    @Nullable Continuation[] waiting =
        new Continuation[2]; // [0] a producer waiting for room, [1] a consumer
    long[] received = new long[1];
    start(
        () -> {
          for (int i = 0; i < n; i++) {
            while (q.size() == Workload.QUEUE_CAPACITY) {
              park(waiting, 0);
            }
            q.add(i);
            wakeUp(waiting, 1);
          }
        });
    start(
        () -> {
          for (int i = 0; i < n; i++) {
            while (q.isEmpty()) {
              park(waiting, 1);
            }
            q.removeFirst();
            received[0]++;
            wakeUp(waiting, 0);
          }
        });
    runLoop();
    return Workload.check(received[0], n);
  }

  private static void wakeUp(@Nullable Continuation[] waiting, int which) {
    Continuation w = waiting[which];
    if (w != null) {
      waiting[which] = null;
      ready.add(w);
    }
  }
}
