package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Engine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH micro-benchmarks of the core's hot paths, per engine. Each invocation runs a batch on one
 * long-lived loop and reports the cost of one operation of the batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoreBenchmarks {
  static final int BATCH = 1000;

  @Param({"CONTINUATIONS", "VIRTUAL_THREADS"})
  public String engine;

  EventLoop loop;

  @Setup(Level.Trial)
  public void setUp() {
    loop = new EventLoop(Engine.valueOf(engine));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    loop.close();
  }

  /** createTask and the task's whole life (one step, done): per task. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public @Nullable Object createTask() {
    return loop.runUntilComplete(
        loop.createTask(
            () -> {
              Task<Integer> last = null;
              for (int i = 0; i < BATCH; i++) {
                last = Asyncio.createTask(() -> 1);
              }
              return Objects.requireNonNull(last).await();
            }));
  }

  /** One switch: two tasks ping-pong through sleep(0): per switch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public @Nullable Object oneSwitch() {
    return loop.runUntilComplete(
        loop.createTask(
            () -> {
              Task<Void> a = Asyncio.createTask(CoreBenchmarks::yieldHalfBatch);
              Task<Void> b = Asyncio.createTask(CoreBenchmarks::yieldHalfBatch);
              return Asyncio.gather(a, b);
            }));
  }

  private static void yieldHalfBatch() {
    for (int i = 0; i < BATCH / 2; i++) {
      Asyncio.sleep(0);
    }
  }

  /** A timer inserted with callLater and fired: per timer. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int timerInsertAndFire() {
    int[] fired = new int[1];
    Runnable tick = () -> fired[0]++;
    for (int i = 0; i < BATCH; i++) {
      loop.callLater(0, tick);
    }
    loop.callLater(0, loop::stop);
    loop.runForever();
    return fired[0];
  }

  /** gather of 1k tasks that return at once: per gather. */
  @Benchmark
  public @Nullable Object gather1k() {
    return loop.runUntilComplete(
        loop.createTask(
            () -> {
              List<Task<Integer>> ts = new ArrayList<>(BATCH);
              for (int i = 0; i < BATCH; i++) {
                ts.add(Asyncio.createTask(() -> 1));
              }
              return Asyncio.gather(ts);
            }));
  }
}
