package io.jasyncio.bench;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The workloads in jasyncio, one per process: {@code JasyncioWorkloads WORKLOAD N [DEPTH]}. The
 * engine is the JVM's default ({@code -Djasyncio.engine=...}). Prints one line, {@code RESULT
 * seconds=S ops=N engine=E}; see {@link Workload} for what each measures.
 */
public final class JasyncioWorkloads {
  private JasyncioWorkloads() {}

  public static void main(String[] args) throws Exception {
    Workload.run(
        args,
        JasyncioWorkloads::measure,
        () -> "engine=" + io.jasyncio.Engine.defaultEngine().name());
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

  /** W1: two tasks ping-pong through sleep(0); n switches in all. */
  static long switches(int n) {
    int each = n / 2;
    run(
        () -> {
          Task<Void> a =
              createTask(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      sleep(0);
                    }
                  });
          Task<Void> b =
              createTask(
                  () -> {
                    for (int i = 0; i < each; i++) {
                      sleep(0);
                    }
                  });
          gather(a, b);
        });
    return 2L * each;
  }

  /** W2: the lesson scaled: n tasks each sleep 1 s, then count; all gathered. */
  static long lesson(int n) {
    int[] count = new int[1];
    run(
        () -> {
          List<Task<Void>> tasks = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            tasks.add(
                createTask(
                    () -> {
                      sleep(1);
                      count[0]++;
                    }));
          }
          gather(tasks);
        });
    return Workload.check(count[0], n);
  }

  /** W3: create and gather n tasks that return at once. */
  static long spawn(int n) {
    List<Integer> results =
        run(
            () -> {
              List<Task<Integer>> tasks = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                int v = i;
                tasks.add(createTask(() -> v));
              }
              return Asyncio.gather(tasks);
            });
    return Workload.check(Objects.requireNonNull(results).size(), n);
  }

  /** W4: n tasks that each recurse to {@code depth}, then suspend 10 times there. */
  static long deep(int n, int depth) {
    run(
        () -> {
          List<Task<Integer>> tasks = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            tasks.add(createTask(() -> recurse(depth)));
          }
          gather(tasks);
        });
    return 10L * n;
  }

  /** W5: a producer and a consumer through a bounded queue; n items. */
  static long queue(int n) {
    long[] received = new long[1];
    run(
        () -> {
          io.jasyncio.sync.Queue<Integer> q = new io.jasyncio.sync.Queue<>(Workload.QUEUE_CAPACITY);
          Task<Void> producer =
              createTask(
                  () -> {
                    for (int i = 0; i < n; i++) {
                      q.put(i);
                    }
                  });
          Task<Void> consumer =
              createTask(
                  () -> {
                    for (int i = 0; i < n; i++) {
                      q.get();
                      received[0]++;
                    }
                  });
          gather(producer, consumer);
        });
    return Workload.check(received[0], n);
  }

  private static int recurse(int depth) {
    if (depth == 0) {
      for (int i = 0; i < Workload.SUSPENSIONS; i++) {
        sleep(0);
      }
      return 0;
    }
    return recurse(depth - 1) + 1;
  }
}
