package io.jasyncio.sync;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testing.Steps;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which thread and which loop may use a primitive: every operation refuses a foreign thread before
 * it changes anything; a primitive needs a loop only to wait, and serves successive loops.
 */
class SyncThreadsAndBindingTest {
  @RegisterExtension final Steps steps = new Steps();

  /** Runs {@code action} on a new platform thread and returns what it threw, or null. */
  private static Throwable onAnotherThread(Runnable action) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .name("foreign")
            .start(
                () -> {
                  try {
                    action.run();
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    t.join();
    return thrown.get();
  }

  @Test
  void eventSetFromAnotherThreadIsRefusedBeforeTheFlagChangesAndTheWaiterStillWakes() {
    Event event = new Event();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Boolean> waiter =
              createTask(
                  () -> {
                    steps.expect(1);
                    boolean r = event.await();
                    steps.expect(3);
                    return r;
                  });
          sleep(0); // the waiter waits: the event is bound to this loop
          Throwable refused = Asyncio.toThread(() -> onAnotherThread(event::set));
          assertThat(refused)
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("Event.set() called from thread 'foreign'")
              .hasMessageContaining("runs on another thread")
              .hasMessageContaining("loop.callSoonThreadsafe");
          assertThat(event.isSet()).as("refused before any state change").isFalse();
          steps.expect(2);
          Asyncio.toThread(() -> loop.callSoonThreadsafe(event::set)); // the right way
          assertThat(waiter.await()).isTrue();
          steps.finish(4);
        });
  }

  @Test
  void everyOperationOfABoundPrimitiveRefusesAForeignThreadAndChangesNothing() {
    runVirtualTime(
        () -> {
          Lock lock = new Lock();
          Semaphore sem = new Semaphore(0);
          Queue<String> queue = new Queue<>(1);
          Condition cond = new Condition(lock);
          lock.acquire();
          Task<Boolean> lockWaiter = createTask(lock::acquire); // binds each one to this loop
          Task<Boolean> semWaiter = createTask(sem::acquire);
          Task<String> getter = createTask(queue::get);
          Task<Boolean> condWaiter =
              createTask(
                  () -> {
                    try (Held _ = cond.acquired()) {
                      return cond.await();
                    }
                  });
          sleep(0);
          assertThat(Asyncio.toThread(() -> onAnotherThread(lock::release)))
              .hasMessageContaining("Lock.release() called from thread 'foreign'");
          assertThat(lock.locked()).isTrue();
          assertThat(Asyncio.toThread(() -> onAnotherThread(sem::release)))
              .hasMessageContaining("Semaphore.release() called from thread 'foreign'");
          assertThat(sem.locked()).isTrue();
          assertThat(Asyncio.toThread(() -> onAnotherThread(() -> queue.putNowait("x"))))
              .hasMessageContaining("Queue.putNowait() called from thread 'foreign'");
          assertThat(queue.empty()).isTrue();
          assertThat(Asyncio.toThread(() -> onAnotherThread(queue::shutdown)))
              .hasMessageContaining("Queue.shutdown() called from thread 'foreign'");
          lock.release(); // the lock waiter takes it, then the condition waiter needs it
          assertThat(lockWaiter.await()).isTrue();
          lock.release();
          sleep(0);
          assertThat(Asyncio.toThread(() -> onAnotherThread(cond::signalAll)))
              .hasMessageContaining("Condition.signal() called from thread 'foreign'");
          sem.release();
          queue.putNowait("x");
          try (Held _ = cond.acquired()) {
            cond.signalAll();
          }
          assertThat(semWaiter.await()).isTrue();
          assertThat(getter.await()).isEqualTo("x");
          assertThat(condWaiter.await()).isTrue();
        });
  }

  @Test
  void aQueueFilledBeforeAnyLoopRunsServesTheLoopThatDrainsIt() {
    Queue<Integer> queue = new Queue<>(3);
    queue.putNowait(1);
    queue.putNowait(2);
    queue.putNowait(3);
    assertThat(queue.full()).isTrue();
    Integer sum =
        runVirtualTime(
            () -> {
              Task<Void> producer = createTask(() -> queue.put(4)); // waits: the queue is full
              sleep(0);
              int s = 0;
              for (int i = 0; i < 4; i++) {
                s += queue.get();
                queue.taskDone();
              }
              producer.await();
              queue.join();
              return s;
            });
    assertThat(sum).isEqualTo(10);
  }

  @Test
  void aLockInAStaticFieldServesSuccessiveRunsEvenWhenTasksWaitedForIt() {
    Lock lock = new Lock();
    for (int round = 0; round < 3; round++) {
      runVirtualTime(
          () -> {
            lock.acquire();
            Task<Boolean> second = createTask(lock::acquire); // waits: binds to this loop
            sleep(1);
            lock.release();
            assertThat(second.await()).isTrue();
            lock.release();
          });
    }
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void releasingASemaphorePastIntegerMaxValueIsRefusedAndKeepsTheCount() {
    Semaphore sem = new Semaphore(Integer.MAX_VALUE);
    assertThatThrownBy(sem::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Integer.MAX_VALUE");
    assertThat(sem.toString()).contains("value:" + Integer.MAX_VALUE);
    runVirtualTime(() -> sem.acquire());
    assertThat(sem.toString()).contains("value:" + (Integer.MAX_VALUE - 1));
  }

  @Test
  void waitForWithAValuedPredicateReturnsTheFirstValueThatCountsAsTrue() {
    String taken =
        runVirtualTime(
            () -> {
              Condition cond = new Condition();
              ArrayDeque<String> orders = new ArrayDeque<>();
              Task<String> cook =
                  createTask(
                      () -> {
                        try (Held _ = cond.acquired()) {
                          return cond.waitFor(orders::poll); // null while there is none
                        }
                      });
              Task<Optional<String>> waiter =
                  createTask(
                      () -> {
                        try (Held _ = cond.acquired()) {
                          return cond.waitFor(() -> Optional.ofNullable(orders.peek()));
                        }
                      });
              sleep(1);
              try (Held _ = cond.acquired()) {
                orders.add("soup");
                orders.add("salad");
                cond.signalAll();
              }
              assertThat(waiter.await()).contains("salad"); // the cook took the soup first
              return cook.await();
            });
    assertThat(taken).isEqualTo("soup");
  }
}
