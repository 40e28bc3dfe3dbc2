package io.jasyncio.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The workloads in plain Java virtual threads, one per task, no jasyncio: {@code
 * VirtualThreadWorkloads WORKLOAD N [DEPTH]}. The same program as {@link JasyncioWorkloads}; see
 * {@link Workload} for what each measures. The virtual threads run on the JDK's default scheduler
 * (as many carriers as processors unless {@code -Djdk.virtualThreadScheduler.parallelism=...}).
 * Prints one line, {@code RESULT seconds=S ops=N impl=vthreads}.
 */
public final class VirtualThreadWorkloads {
  private VirtualThreadWorkloads() {}

  public static void main(String[] args) throws Exception {
    Workload.run(args, VirtualThreadWorkloads::measure, () -> "impl=vthreads");
  }

  static long measure(Workload w, int n, int depth) throws Exception {
    return switch (w) {
      case W1 -> switches(n);
      case W2 -> lesson(n);
      case W3 -> spawn(n);
      case W4 -> deep(n, depth);
      case W5 -> queue(n);
    };
  }

  /**
   * W1: two virtual threads ping-pong a token through two SynchronousQueues, n/2 round trips: n
   * hand-offs in all, each one thread unparking the other and parking.
   */
  static long switches(int n) throws InterruptedException {
    int each = n / 2;
    SynchronousQueue<Integer> ping = new SynchronousQueue<>();
    SynchronousQueue<Integer> pong = new SynchronousQueue<>();
    Integer token = 0;
    Thread a =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < each; i++) {
                      ping.put(token);
                      pong.take();
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    Thread b =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < each; i++) {
                      pong.put(ping.take());
                    }
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                });
    a.join();
    b.join();
    return 2L * each;
  }

  /** W2: the lesson scaled: n virtual threads each sleep 1 s, then count; all joined. */
  @SuppressWarnings("FutureReturnValueIgnored") // close() joins them; the body cannot fail
  static long lesson(int n) {
    LongAdder count = new LongAdder();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        executor.submit(
            () -> {
              Thread.sleep(1000);
              count.increment();
              return null;
            });
      }
    } // close() waits for all of them
    return Workload.check(count.sum(), n);
  }

  /** W3: start n virtual threads that return their index at once; collect the results. */
  static long spawn(int n) throws InterruptedException, ExecutionException {
    List<Integer> results = new ArrayList<>(n);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int v = i;
        futures.add(executor.submit(() -> v));
      }
      for (Future<Integer> f : futures) {
        results.add(f.get());
      }
    }
    return Workload.check(results.size(), n);
  }

  /** W4: n virtual threads that each recurse to {@code depth}, then yield 10 times there. */
  static long deep(int n, int depth) throws InterruptedException, ExecutionException {
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        futures.add(executor.submit(() -> recurse(depth)));
      }
      for (Future<Integer> f : futures) {
        f.get();
      }
    }
    return 10L * n;
  }

  @SuppressWarnings("ThreadPriorityCheck") // yield is the suspension being measured
  private static int recurse(int depth) {
    if (depth == 0) {
      for (int i = 0; i < Workload.SUSPENSIONS; i++) {
        Thread.yield();
      }
      return 0;
    }
    return recurse(depth - 1) + 1;
  }

  /** W5: a producer and a consumer virtual thread through an ArrayBlockingQueue; n items. */
  static long queue(int n) throws InterruptedException {
    java.util.concurrent.ArrayBlockingQueue<Integer> q =
        new java.util.concurrent.ArrayBlockingQueue<>(Workload.QUEUE_CAPACITY);
    long[] received = new long[1];
    Thread producer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < n; i++) {
                      q.put(i);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread consumer =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (int i = 0; i < n; i++) {
                      q.take();
                      received[0]++;
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    producer.join();
    consumer.join();
    return Workload.check(received[0], n);
  }
}
