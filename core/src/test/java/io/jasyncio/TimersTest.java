package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The timers fire earliest deadline first, ties in the order they were armed, whatever mix of
 * in-order deadlines (the fast run) and out-of-order ones (the heap) armed them, with cancellations
 * at the heads, in the middle, and enough of them for the purge.
 */
class TimersTest {
  private record Armed(int id, long whenMillis) {}

  @Test
  void aMixOfInOrderAndOutOfOrderDeadlinesFiresInDeadlineThenArmingOrder() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      List<Armed> armed = new ArrayList<>();
      List<Armed> cancelled = new ArrayList<>();
      List<Integer> fired = new ArrayList<>();
      EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
      List<TimerHandle> handles = new ArrayList<>();
      long base = 1000;
      for (int i = 0; i < 2_000; i++) {
        long when =
            switch (random.nextInt(4)) {
              case 0 -> base += random.nextInt(3); // in order, often equal: the run
              case 1 -> base; // equal to the last: ties in arming order
              case 2 -> 1000 + random.nextInt(1000); // anywhere: mostly the heap
              default -> base + random.nextInt(50);
            };
        Armed a = new Armed(i, when);
        armed.add(a);
        int id = i;
        handles.add(loop.callAt(when / 1000.0, () -> fired.add(id)));
      }
      for (int i = 0; i < 1_500; i++) { // over half: the purge runs
        int k = random.nextInt(handles.size());
        if (!handles.get(k).isCancelled()) {
          handles.get(k).cancel();
          cancelled.add(armed.get(k));
        }
      }
      assertThat(loop.timers.armed()).isEqualTo(armed.size() - cancelled.size());
      loop.callAt(10.0, loop::stop);
      loop.runForever();
      loop.close();
      List<Integer> expected =
          armed.stream()
              .filter(a -> !cancelled.contains(a))
              .sorted(Comparator.comparingLong(Armed::whenMillis).thenComparingInt(Armed::id))
              .map(Armed::id)
              .toList();
      assertThat(fired).as("seed %d", seed).isEqualTo(expected);
    }
  }

  @Test
  void aTimerArmedEarlierThanTheRunsLastFiresBeforeIt() {
    List<String> fired = new ArrayList<>();
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    loop.callLater(2, () -> fired.add("b at 2"));
    loop.callLater(3, () -> fired.add("c at 3"));
    loop.callLater(1, () -> fired.add("a at 1")); // before the run's last: the heap
    loop.callLater(3, () -> fired.add("d at 3, armed after c"));
    TimerHandle gone = loop.callLater(2.5, () -> fired.add("cancelled"));
    loop.callLater(0.5, () -> fired.add("first at 0.5"));
    gone.cancel();
    loop.callLater(4, loop::stop);
    loop.runForever();
    loop.close();
    assertThat(fired)
        .containsExactly("first at 0.5", "a at 1", "b at 2", "c at 3", "d at 3, armed after c");
  }
}
