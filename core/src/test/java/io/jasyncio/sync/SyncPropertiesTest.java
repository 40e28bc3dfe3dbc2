package io.jasyncio.sync;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Task;
import io.jasyncio.VoidCoroutine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random programs of puts, gets, acquires, releases and cancellations on one bounded queue and one
 * semaphore. Whatever the program, every item put is delivered exactly once or is still in the
 * queue, no more tasks than permits ever hold the semaphore, and every permit comes back.
 */
class SyncPropertiesTest {
  private static final int PERMITS = 2;

  /**
   * Runs a program on its own thread and fails if it does not end within 20 s: a lost permit or
   * wake-up strands a waiter and hangs the loop, which must fail the property, not the build.
   */
  private static void runWithin(VoidCoroutine main) {
    Thread t = Thread.ofPlatform().daemon().start(() -> run(main));
    try {
      t.join(java.time.Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(t.isAlive()).as("the program hung: a waiter was left stuck").isFalse();
  }

  /** Each int is one step of the main task: its kind is {@code code % 6}, its argument the rest. */
  @Provide
  Arbitrary<List<Integer>> programs() {
    return Arbitraries.integers().between(0, 599).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 150)
  void noItemOrPermitIsEverLostOrDuplicated(@ForAll("programs") List<Integer> program) {
    Set<Integer> put = new HashSet<>();
    List<Integer> delivered = new ArrayList<>();
    List<Integer> left = new ArrayList<>();
    int[] holders = new int[1];
    int[] maxHolders = new int[1];
    boolean[] permitsBack = new boolean[1];
    runWithin(
        () -> {
          Queue<Integer> q = new Queue<>(2);
          Semaphore sem = new Semaphore(PERMITS);
          List<Task<?>> tasks = new ArrayList<>();
          int nextItem = 0;
          for (int code : program) {
            int arg = code / 6;
            switch (code % 6) {
              case 0 -> { // a producer of a few items
                int first = nextItem;
                int count = 1 + arg % 4;
                nextItem += count;
                tasks.add(
                    createTask(
                        () -> {
                          for (int i = first; i < first + count; i++) {
                            q.put(i); // if cancelled here, the item was not added
                            put.add(i);
                          }
                        }));
              }
              case 1 -> // a consumer of a few items
                  tasks.add(
                      createTask(
                          () -> {
                            for (int i = 0; i <= arg % 3; i++) {
                              delivered.add(q.get());
                            }
                          }));
              case 2 -> // a task holding a permit across a few await points
                  tasks.add(
                      createTask(
                          () -> {
                            try (Held _ = sem.acquired()) {
                              holders[0]++;
                              maxHolders[0] = Math.max(maxHolders[0], holders[0]);
                              try {
                                for (int i = 0; i <= arg % 3; i++) {
                                  sleep(0);
                                }
                              } finally {
                                holders[0]--;
                              }
                            }
                          }));
              case 3, 4 -> { // cancel some task, at whatever point it is
                if (!tasks.isEmpty()) {
                  tasks.get(arg % tasks.size()).cancel();
                }
              }
              default -> { // let the others run a little
                for (int i = 0; i <= arg % 3; i++) {
                  sleep(0);
                }
              }
            }
          }
          for (Task<?> t : tasks) {
            t.cancel();
          }
          gather(tasks, true);
          while (!q.empty()) {
            left.add(q.getNowait());
          }
          boolean allBack = true;
          for (int i = 0; i < PERMITS; i++) {
            allBack &= !sem.locked();
            sem.acquire();
          }
          permitsBack[0] = allBack && sem.locked();
        });
    List<Integer> all = new ArrayList<>(delivered);

    all.addAll(left);
    assertThat(all).doesNotHaveDuplicates();
    assertThat(new HashSet<>(all)).isEqualTo(put);
    assertThat(maxHolders[0]).isLessThanOrEqualTo(PERMITS);
    assertThat(permitsBack[0]).as("every permit came back, and no more").isTrue();
  }
}
