package io.jasyncio.sync;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancellation safety of the primitives: no lost item, permit or lock, no stuck waiter. A stuck
 * waiter would hang its loop, so every test runs under a timeout on a separate thread.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SyncPrimitivesTest {

  /** Cancels a waiter at each await point it can be at: before start, waiting, after hand-off. */
  @Test
  void aLockWaiterCancelledAtAnyPointNeverHoldsItAndNeverStrandsTheNext() {
    for (int cancelAfterYields = 0; cancelAfterYields < 4; cancelAfterYields++) {
      int k = cancelAfterYields;
      List<String> log = new ArrayList<>();
      run(
          () -> {
            Lock lock = new Lock();
            lock.acquire();
            Task<Void> a =
                createTask(
                    () -> {
                      try (Held _ = lock.acquired()) {
                        log.add("a got it");
                      }
                    });
            Task<Void> b =
                createTask(
                    () -> {
                      try (Held _ = lock.acquired()) {
                        log.add("b got it");
                      }
                    });
            for (int i = 0; i < k; i++) {
              sleep(0);
            }
            if (k == 3) {
              lock.release(); // hand the lock to a, then cancel a before it runs
              a.cancel();
            } else {
              a.cancel();
              lock.release();
            }
            gather(List.of(a, b), true);
            assertThat(lock.locked()).isFalse();
          });
      assertThat(log).as("cancel after %d yields", k).containsExactly("b got it");
    }
  }

  @Test
  void semaphorePermitsAreConservedWhenWaitersAreCancelledAfterTheHandOff() {
    run(
        () -> {
          Semaphore sem = new Semaphore(1);
          sem.acquire();
          List<Task<Void>> waiters = new ArrayList<>();
          List<String> got = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            int n = i;
            waiters.add(
                createTask(
                    () -> {
                      try (Held _ = sem.acquired()) {
                        got.add("w" + n);
                        sleep(0);
                      }
                    }));
          }
          sleep(0); // all four wait
          sem.release(); // hands the permit to w0...
          waiters.get(0).cancel(); // ...which is cancelled before it resumes
          waiters.get(2).cancel(); // and w2 while still waiting
          gather(waiters, true);
          assertThat(got).containsExactly("w1", "w3");
          assertThat(sem.locked()).isFalse();
          assertThat(sem.acquire()).isTrue();
          assertThat(sem.locked()).as("exactly one permit left").isTrue();
        });
  }

  @Test
  void boundedSemaphoreRefusesOverRelease() {
    run(
        () -> {
          BoundedSemaphore s = new BoundedSemaphore(2);
          s.acquire();
          s.release();
          assertThatThrownBy(s::release)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("released too many times");
          assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        });
  }

  @Test
  void aQueueGetterCancelledAfterBeingWokenPassesTheItemOn() {
    run(
        () -> {
          Queue<String> q = new Queue<>();
          List<String> got = new ArrayList<>();
          Task<Boolean> g1 = createTask(() -> got.add("g1 " + q.get()), "g1");
          Task<Boolean> g2 = createTask(() -> got.add("g2 " + q.get()), "g2");
          sleep(0);
          q.putNowait("item"); // wakes g1...
          g1.cancel(); // ...which is cancelled before it takes the item
          gather(List.of(g1, g2), true);
          assertThat(got).containsExactly("g2 item");
          assertThat(q.empty()).isTrue();
        });
  }

  @Test
  void aBoundedQueuePutterCancelledWhileWaitingAddsNothing() {
    run(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          q.putNowait(1);
          assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFull.class);
          Task<Void> p2 = createTask(() -> q.put(2));
          Task<Void> p3 = createTask(() -> q.put(3));
          sleep(0);
          p2.cancel();
          assertThat(q.get()).isEqualTo(1);
          gather(List.of(p2, p3), true);
          assertThat(q.getNowait()).isEqualTo(3);
          assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmpty.class);
        });
  }

  @Test
  void shutdownWakesEveryWaiterAndImmediateDropsTheRest() {
    run(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          Task<Integer> getter = createTask(q::get);
          sleep(0);
          q.shutdown();
          assertThatThrownBy(getter::await).isInstanceOf(QueueShutDown.class);
          assertThatThrownBy(() -> q.putNowait(1)).isInstanceOf(QueueShutDown.class);

          Queue<Integer> r = new Queue<>(1);
          r.putNowait(7);
          Task<Void> putter = createTask(() -> r.put(8));
          Task<Void> joiner = createTask(r::join);
          sleep(0);
          r.shutdown(true);
          assertThatThrownBy(putter::await).isInstanceOf(QueueShutDown.class);
          joiner.await(); // the dropped item counts as done
          assertThat(r.empty()).isTrue();
          assertThatThrownBy(r::get).isInstanceOf(QueueShutDown.class);
        });
  }

  @Test
  void taskDoneAndJoin() {
    runVirtualTime(
        () -> {
          Queue<Integer> q = new Queue<>();
          List<String> log = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            q.putNowait(i);
          }
          Task<Void> worker =
              createTask(
                  () -> {
                    while (true) {
                      int item = q.get();
                      sleep(0.001);
                      log.add("done " + item);
                      q.taskDone();
                    }
                  });
          q.join();
          log.add("joined");
          assertThat(log).containsExactly("done 0", "done 1", "done 2", "joined");
          worker.cancel();
          assertThatThrownBy(q::taskDone)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("too many times");
        });
  }

  @Test
  void lifoAndPriorityOrder() {
    run(
        () -> {
          LifoQueue<Integer> lifo = new LifoQueue<>();
          PriorityQueue<Integer> prio = new PriorityQueue<>();
          for (int i : new int[] {3, 1, 2}) {
            lifo.put(i);
            prio.put(i);
          }
          assertThat(List.of(lifo.get(), lifo.get(), lifo.get())).containsExactly(2, 1, 3);
          assertThat(List.of(prio.get(), prio.get(), prio.get())).containsExactly(1, 2, 3);
        });
  }

  @Test
  void aConditionWaiterCancelledAfterTheSignalPassesItOn() {
    List<String> log = new ArrayList<>();
    run(
        () -> {
          Condition cond = new Condition();
          Task<Void> a =
              createTask(
                  () -> {
                    try (Held _ = cond.acquired()) {
                      cond.await();
                      log.add("a woke");
                    }
                  });
          Task<Void> b =
              createTask(
                  () -> {
                    try (Held _ = cond.acquired()) {
                      cond.await();
                      log.add("b woke");
                    }
                  });
          sleep(0);
          try (Held _ = cond.acquired()) {
            cond.signal(1); // signals a...
          }
          a.cancel(); // ...which is cancelled before acting on it: b must not be stranded
          gather(List.of(a, b), true);
          assertThat(a.isCancelled()).isTrue();
          assertThat(cond.locked()).isFalse();
        });
    assertThat(log).containsExactly("b woke");
  }

  @Test
  void barrierReleasesAllPartiesAndBreaksOnAbort() {
    run(
        () -> {
          Barrier barrier = new Barrier(3);
          List<Task<Integer>> ts = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            ts.add(createTask(barrier::await));
          }
          assertThat(new HashSet<>(gather(ts))).containsExactlyInAnyOrder(0, 1, 2);
          Task<Integer> lone = createTask(barrier::await);
          sleep(0);
          assertThat(barrier.nWaiting()).isEqualTo(1);
          barrier.abort();
          assertThatThrownBy(lone::await).isInstanceOf(BrokenBarrierError.class);
          assertThat(barrier.broken()).isTrue();
          barrier.reset();
          assertThat(barrier.broken()).isFalse();
        });
  }

  @Test
  void aCancelledEventWaiterLeavesTheOthersToBeWoken() {
    List<String> log = new ArrayList<>();
    run(
        () -> {
          Event ev = new Event();
          List<Task<Void>> ws = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            int n = i;
            ws.add(
                createTask(
                    () -> {
                      ev.await();
                      log.add("w" + n);
                    }));
          }
          sleep(0);
          ws.get(1).cancel();
          ev.set();
          gather(ws, true);
          assertThat(ev.await()).as("a set event returns at once").isTrue();
        });
    assertThat(log).containsExactly("w0", "w2");
  }

  @Test
  void aCancelledBarrierPartyLeavesTheBarrierUsable() {
    run(
        () -> {
          Barrier barrier = new Barrier(2);
          Task<Integer> first = createTask(barrier::await);
          sleep(0);
          assertThat(barrier.nWaiting()).isEqualTo(1);
          first.cancel();
          gather(List.of(first), true);
          assertThat(barrier.nWaiting()).as("the cancelled party left").isZero();
          Task<Integer> a = createTask(barrier::await);
          Task<Integer> b = createTask(barrier::await);
          assertThat(new HashSet<>(gather(List.of(a, b)))).containsExactlyInAnyOrder(0, 1);
        });
  }

  @Test
  void aPrimitiveBindsToTheLoopOfItsFirstWaitAndRefusesAnotherLoopWhileThatOneIsOpen() {
    Lock lock = new Lock();
    run(() -> lock.acquire()); // no wait: still unbound
    run(lock::release);
    EventLoop first = new EventLoop();
    try {
      first.runUntilComplete(
          first.createTask(
              () -> {
                lock.acquire();
                Task<Boolean> waiter = createTask(lock::acquire); // waits: binds to `first`
                sleep(0);
                waiter.cancel();
                gather(List.of(waiter), true);
              }));
      assertThat(lock.locked()).isTrue();
      assertThatThrownBy(() -> run(lock::acquire))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("bound to a different event loop, which is not closed");
    } finally {
      first.close();
    }
    run(lock::release); // `first` is closed: the lock serves the next loop
    run(
        () -> {
          lock.acquire();
          Task<Boolean> waiter = createTask(lock::acquire); // waits, binding to this loop
          sleep(0);
          lock.release();
          assertThat(waiter.await()).isTrue();
          lock.release();
        });
  }

  /**
   * Random programs of producers and consumers on a bounded queue, cancelled at random points:
   * every item put is delivered exactly once or is still in the queue.
   */
  @Test
  void randomCancellationsNeverLoseOrDuplicateAnItem() {
    long seed = Long.getLong("jasyncio.test.seed", 20261122L);
    for (int round = 0; round < 30; round++) {
      Random rnd = new Random(seed + round);
      Set<Integer> put = new HashSet<>();
      List<Integer> delivered = new ArrayList<>();
      List<Integer> left = new ArrayList<>();
      run(
          () -> {
            Queue<Integer> q = new Queue<>(1 + rnd.nextInt(3));
            List<Task<?>> tasks = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
              int base = p * 1000;
              tasks.add(
                  createTask(
                      () -> {
                        for (int i = 0; i < 20; i++) {
                          q.put(base + i); // throws if cancelled before the item is added
                          put.add(base + i);
                          if (rnd.nextBoolean()) {
                            sleep(0);
                          }
                        }
                      }));
            }
            for (int c = 0; c < 3; c++) {
              tasks.add(
                  createTask(
                      () -> {
                        while (true) {
                          delivered.add(q.get());
                          if (rnd.nextBoolean()) {
                            sleep(0);
                          }
                        }
                      }));
            }
            for (int step = 0; step < 40; step++) {
              sleep(0);
              if (rnd.nextInt(4) == 0) {
                tasks.get(rnd.nextInt(tasks.size())).cancel();
              }
            }
            for (Task<?> t : tasks) {
              t.cancel();
            }
            gather(tasks, true);
            while (!q.empty()) {
              left.add(q.getNowait());
            }
          });
      List<Integer> all = new ArrayList<>(delivered);
      all.addAll(left);
      assertThat(all).as("seed %d", seed + round).doesNotHaveDuplicates();
      assertThat(new HashSet<>(all)).as("seed %d", seed + round).isEqualTo(put);
    }
  }
}
