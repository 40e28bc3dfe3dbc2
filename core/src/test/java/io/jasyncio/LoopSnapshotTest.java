package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#snapshot()} and {@link LoopSnapshot#all()} from other threads: exact while the
 * loop answers, partial and bounded while a task hogs it, empty once it is closed.
 */
class LoopSnapshotTest {
  /** A loop running {@code main} on its own thread, closed by {@link #finish}. */
  private static final class Running {
    final EventLoop loop = new EventLoop();
    final Thread thread;

    Running(Coroutine<?> main) {
      Task<?> t = loop.createTask(main, "main");
      thread = new Thread(() -> loop.runUntilComplete(t), "loop-under-test");
      thread.start();
    }

    void finish() throws InterruptedException {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.isAlive()).as("the loop thread ended").isFalse();
      loop.close();
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(30, TimeUnit.SECONDS)).as("the loop got there").isTrue();
  }

  static String leafBody(Future<String> gate) {
    return gate.await();
  }

  static String middleBody(Task<String> leaf) {
    return leaf.await();
  }

  private static List<String> methods(List<StackTraceElement> frames) {
    return frames.stream().map(e -> e.getClassName() + "." + e.getMethodName()).toList();
  }

  @Test
  void fromAnotherThreadItListsTheSuspendedTasksWithTheirStatesStacksAndAwaiters()
      throws Exception {
    CountDownLatch suspended = new CountDownLatch(1);
    List<Task<?>> made = new ArrayList<>();
    List<Future<String>> gates = new ArrayList<>();
    Running r =
        new Running(
            () -> {
              Future<String> gate = Asyncio.getRunningLoop().createFuture();
              Task<String> leaf = createTask(() -> leafBody(gate), "leaf");
              Task<String> middle = createTask(() -> middleBody(leaf), "middle");
              Task<String> g1 = createTask(() -> leafBody(gate), "g1");
              Task<String> g2 = createTask(() -> leafBody(gate), "g2");
              Task<List<Object>> gatherer = createTask(() -> gather(g1, g2), "gatherer");
              made.addAll(List.of(Asyncio.currentTask(), leaf, middle, g1, g2, gatherer));
              gates.add(gate);
              sleep(0); // each task runs to its await point
              sleep(0);
              suspended.countDown();
              return gather(middle, gatherer);
            });
    await(suspended);

    LoopSnapshot s = r.loop.snapshot();

    long main = made.get(0).number();
    long leaf = made.get(1).number();
    long middle = made.get(2).number();
    long gatherer = made.get(5).number();
    assertThat(s.status()).isEqualTo(LoopSnapshot.Status.RUNNING);
    assertThat(s.threadName()).isEqualTo(r.loop.thread == null ? null : r.loop.thread.getName());
    assertThat(s.note()).isEmpty();
    assertThat(s.threadStack()).isEmpty();
    assertThat(s.tasks())
        .extracting(TaskSnapshot::name, TaskSnapshot::state, TaskSnapshot::awaitedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("main", TaskSnapshot.State.WAITING, List.of()),
            org.assertj.core.groups.Tuple.tuple(
                "leaf", TaskSnapshot.State.WAITING, List.of(middle)),
            org.assertj.core.groups.Tuple.tuple(
                "middle", TaskSnapshot.State.WAITING, List.of(main)), // through gather
            org.assertj.core.groups.Tuple.tuple(
                "g1", TaskSnapshot.State.WAITING, List.of(gatherer)),
            org.assertj.core.groups.Tuple.tuple(
                "g2", TaskSnapshot.State.WAITING, List.of(gatherer)),
            org.assertj.core.groups.Tuple.tuple(
                "gatherer", TaskSnapshot.State.WAITING, List.of(main)));
    assertThat(s.tasks()).extracting(TaskSnapshot::id).startsWith(main, leaf, middle);
    for (int i = 0; i < made.size(); i++) {
      Task<?> task = made.get(i);
      assertThat(s.tasks())
          .as("the snapshots of %s", task.getName())
          .filteredOn(t -> t.isOf(task))
          .extracting(TaskSnapshot::name)
          .containsExactly(task.getName());
    }
    TaskSnapshot middleSnap = s.tasks().get(2);
    assertThat(middleSnap.awaiting()).isEqualTo("<Task pending name='leaf'>");
    assertThat(methods(middleSnap.stack()))
        .startsWith("io.jasyncio.Future.await", "io.jasyncio.LoopSnapshotTest.middleBody");
    assertThat(methods(s.tasks().get(1).stack()))
        .startsWith("io.jasyncio.Future.await", "io.jasyncio.LoopSnapshotTest.leafBody");

    assertThat(LoopSnapshot.all()).extracting(LoopSnapshot::loop).contains(s.loop());

    r.loop.callSoonThreadsafe(() -> gates.get(0).setResult("go"));
    r.finish();
  }

  static void spin(AtomicBoolean stop) {
    while (!stop.get()) {
      Thread.onSpinWait();
    }
  }

  @Test
  void whileATaskHogsTheLoopItReturnsAfterTheTimeoutNamingThatTaskAndItsThreadsStack()
      throws Exception {
    CountDownLatch spinning = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Task<Void>> hogTask = new AtomicReference<>();
    Running r =
        new Running(
            () -> {
              Task<Void> quiet = createTask(() -> sleep(3600), "quiet");
              hogTask.set(
                  createTask(
                      () -> {
                        spinning.countDown();
                        spin(stop);
                      },
                      "hog"));
              hogTask.get().await();
              quiet.cancel();
              return null;
            });
    await(spinning);

    LoopSnapshot s;
    try {
      s = r.loop.snapshot(Duration.ofMillis(200));
    } finally {
      stop.set(true);
    }

    assertThat(s.status()).isEqualTo(LoopSnapshot.Status.NOT_RESPONDING);
    assertThat(s.tasks()).extracting(TaskSnapshot::name).containsExactly("hog");
    TaskSnapshot hog = s.tasks().get(0);
    assertThat(hog.isOf(hogTask.get())).isTrue();
    assertThat(hog.state()).isEqualTo(TaskSnapshot.State.RUNNING);
    assertThat(methods(hog.stack())).contains("io.jasyncio.LoopSnapshotTest.spin");
    assertThat(methods(hog.stack())).noneMatch(m -> m.startsWith("io.jasyncio.internal."));
    assertThat(s.note())
        .startsWith("the loop did not answer within 200 ms: task 'hog' (id " + hog.id() + ")")
        .contains("without reaching an await point");
    assertThat(methods(s.threadStack())).contains("io.jasyncio.LoopSnapshotTest.spin");
    assertThat(LoopSnapshot.formatTable(List.of(s)))
        .containsPattern("hog +RUNNING +LoopSnapshotTest.spin")
        .contains("stack of the thread holding the loop:\n")
        .contains("\tat io.jasyncio.LoopSnapshotTest.spin(");
    r.finish(); // the capture it left queued runs, and does nothing
  }

  @Test
  void aClosedLoopHasNoTasksAndAnIdleOneIsReadByTheCaller() {
    EventLoop loop = new EventLoop();
    Task<Void> a = loop.createTask(() -> sleep(0), "a");

    LoopSnapshot idle = loop.snapshot();
    loop.runUntilComplete(a);
    loop.close();
    LoopSnapshot closed = loop.snapshot();

    assertThat(idle.status()).isEqualTo(LoopSnapshot.Status.IDLE);
    assertThat(idle.threadName()).isNull();
    assertThat(idle.threadId()).isEqualTo(-1);
    assertThat(idle.tasks())
        .extracting(TaskSnapshot::name, TaskSnapshot::state, TaskSnapshot::stack)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", TaskSnapshot.State.CREATED, List.of()));
    assertThat(closed.status()).isEqualTo(LoopSnapshot.Status.CLOSED);
    assertThat(closed.tasks()).isEmpty();
    assertThat(closed.loop()).isEqualTo(idle.loop());
    assertThat(LoopSnapshot.all()).extracting(LoopSnapshot::loop).doesNotContain(idle.loop());
  }

  @Test
  void onTheLoopsOwnThreadItIsTakenAtOnceWithTheCallerRunning() {
    LoopSnapshot s =
        Asyncio.runVirtualTime(
            () -> {
              Task<Void> ready = createTask(() -> sleep(0), "ready");
              Task<Void> sleeper = createTask(() -> sleep(5), "sleeper");
              sleep(0); // both start; `ready` is queued again after its sleep(0)
              LoopSnapshot mine = Asyncio.getRunningLoop().snapshot();
              ready.await();
              sleeper.cancel();
              return mine;
            });
    assertThat(s.status()).isEqualTo(LoopSnapshot.Status.RUNNING);
    assertThat(s.tasks())
        .extracting(TaskSnapshot::name, TaskSnapshot::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Task-" + s.tasks().get(0).id(), TaskSnapshot.State.RUNNING),
            org.assertj.core.groups.Tuple.tuple("ready", TaskSnapshot.State.READY),
            org.assertj.core.groups.Tuple.tuple("sleeper", TaskSnapshot.State.WAITING));
    assertThat(methods(s.tasks().get(0).stack()).get(0))
        .startsWith("io.jasyncio.LoopSnapshotTest.lambda$"); // the capture's own frames dropped
    assertThat(s.tasks().get(2).awaiting()).isEqualTo("<sleep until loop time 5.000>");
  }

  @Test
  void tasksAwaitingEachOtherAreEdgesBothWaysAndTheTreeReportsTheCycle() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    List<Task<?>> pair = new ArrayList<>();
    Running r =
        new Running(
            () -> {
              Future<Void> start = Asyncio.getRunningLoop().createFuture();
              Task<Object> a =
                  createTask(
                      () -> {
                        start.await();
                        return pair.get(1).await();
                      },
                      "a");
              Task<Object> b = createTask(() -> a.await(), "b");
              pair.addAll(List.of(a, b));
              start.setResult(null);
              sleep(0);
              sleep(0);
              stuck.countDown();
              try {
                return a.await();
              } catch (CancelledError e) {
                return null;
              }
            });
    await(stuck);

    LoopSnapshot s = r.loop.snapshot();

    long a = pair.get(0).number();
    long b = pair.get(1).number();
    long main = s.tasks().get(0).id();
    assertThat(s.tasks())
        .extracting(TaskSnapshot::name, TaskSnapshot::awaitedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("main", List.of()),
            org.assertj.core.groups.Tuple.tuple("a", List.of(main, b)),
            org.assertj.core.groups.Tuple.tuple("b", List.of(a)));
    assertThatThrownBy(() -> LoopSnapshot.formatTree(List.of(s)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("await-graph contains cycles - cannot print a tree!\n\ncycle: a → b → a");
    // ./jasyncio pstree on this very JVM (no attach: the tool reads its own loops)
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int status =
        io.jasyncio.tools.Inspect.run(
            List.of("pstree", Long.toString(ProcessHandle.current().pid())),
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(1);
    assertThat(out.size()).isZero();
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "jasyncio: ERROR: await-graph contains cycles - cannot print a tree!\n\n"
                + "cycle: a → b → a\n");
    r.loop.callSoonThreadsafe(() -> pair.get(0).cancel());
    r.finish();
  }

  @Test
  void aNegativeTimeoutIsRefused() {
    EventLoop loop = new EventLoop();
    assertThatThrownBy(() -> loop.snapshot(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must not be negative: PT-0.001S");
    loop.close();
  }
}
