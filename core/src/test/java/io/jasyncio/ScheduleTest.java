package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's schedules: FIFO by default, seeded orders that replay exactly. */
class ScheduleTest {
  /** Three tasks, three rounds each: the order of their steps. */
  private static List<String> trace(Schedule schedule) {
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    try {
      loop.setSchedule(schedule);
      List<String> out = new ArrayList<>();
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                List<Task<Void>> ts = new ArrayList<>();
                for (String n : List.of("a", "b", "c")) {
                  ts.add(
                      createTask(
                          () -> {
                            for (int i = 0; i < 3; i++) {
                              out.add(n + i);
                              sleep(0);
                            }
                          }));
                }
                gather(ts);
              }));
      return out;
    } finally {
      loop.close();
    }
  }

  @Test
  void fifoIsTheDefaultAndIsAsynciosOrder() {
    assertThat(new EventLoop().getSchedule()).isEqualTo(Schedule.fifo());
    assertThat(trace(Schedule.fifo()))
        .containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
  }

  @Test
  void aSeededScheduleReplaysExactlyAndSeedsDiffer() {
    for (long seed = 1; seed <= 20; seed++) {
      assertThat(trace(Schedule.random(seed))).isEqualTo(trace(Schedule.random(seed)));
      assertThat(trace(Schedule.pct(seed))).isEqualTo(trace(Schedule.pct(seed)));
    }
    assertThat(
            java.util.stream.LongStream.rangeClosed(1, 20)
                .mapToObj(s -> trace(Schedule.random(s)))
                .distinct()
                .count())
        .isGreaterThan(5);
  }

  @Test
  void everyScheduleKeepsEachRoundInItsOwnIteration() {
    for (long seed = 1; seed <= 20; seed++) {
      for (Schedule s : List.of(Schedule.random(seed), Schedule.pct(seed))) {
        List<String> t = trace(s);
        for (int round = 0; round < 3; round++) {
          assertThat(t.subList(3 * round, 3 * round + 3))
              .as("%s round %d", s, round)
              .containsExactlyInAnyOrder("a" + round, "b" + round, "c" + round);
        }
      }
    }
  }

  @Test
  void pctOfDepthOneKeepsOneOrderInEveryRound() {
    for (long seed = 1; seed <= 20; seed++) {
      List<String> t = trace(Schedule.pct(seed, 1));
      List<Character> first = t.subList(0, 3).stream().map(x -> x.charAt(0)).toList();
      for (int round = 1; round < 3; round++) {
        assertThat(t.subList(3 * round, 3 * round + 3).stream().map(x -> x.charAt(0)).toList())
            .as("seed %d round %d", seed, round)
            .isEqualTo(first);
      }
    }
  }

  @Test
  void badDepthIsRefusedAndToStringIsTheReplayExpression() {
    assertThatThrownBy(() -> Schedule.pct(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth must be >= 1");
    assertThat(Schedule.pct(5)).hasToString("Schedule.pct(5, 3)");
    assertThat(Schedule.random(5)).hasToString("Schedule.random(5)");
    assertThat(Schedule.of(Schedule.Kind.PCT, 5, 3)).isEqualTo(Schedule.pct(5));
    assertThat(Schedule.fifo()).hasToString("Schedule.fifo()");
  }

  @Test
  void explorationReordersTaskStepsButNeverPlainCallbacks() {
    for (long seed = 1; seed <= 30; seed++) {
      for (Schedule s : List.of(Schedule.random(seed), Schedule.pct(seed))) {
        EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
        try {
          loop.setSchedule(s);
          List<String> out = new ArrayList<>();
          loop.runUntilComplete(
              loop.createTask(
                  () -> {
                    EventLoop l = Asyncio.getRunningLoop();
                    for (int i = 0; i < 4; i++) {
                      int n = i;
                      l.callSoon(() -> out.add("cb" + n));
                      createTask(() -> {});
                    }
                    sleep(0);
                    sleep(0);
                  }));
          assertThat(out).as("%s", s).containsExactly("cb0", "cb1", "cb2", "cb3");
        } finally {
          loop.close();
        }
      }
    }
  }

  /** Two tasks, 200 rounds each: the round after which the order of the two last changed. */
  private static int lastOrderChange(Schedule schedule) {
    EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
    try {
      loop.setSchedule(schedule);
      List<String> out = new ArrayList<>();
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                Task<Void> a = createTask(() -> rounds(out, "a"));
                Task<Void> b = createTask(() -> rounds(out, "b"));
                gather(a, b);
              }));
      int last = 0;
      for (int r = 1; r < 200; r++) {
        if (!out.get(2 * r).equals(out.get(2 * r - 2))) {
          last = r;
        }
      }
      return last;
    } finally {
      loop.close();
    }
  }

  private static void rounds(List<String> out, String name) {
    for (int i = 0; i < 200; i++) {
      out.add(name);
      sleep(0);
    }
  }

  @Test
  void pctChangesPrioritiesOnlyWithinItsHorizon() {
    int lateDefault = 0;
    int lateLong = 0;
    for (long seed = 1; seed <= 100; seed++) {
      if (lastOrderChange(Schedule.pct(seed, 3)) > 40) {
        lateDefault++;
      }
      if (lastOrderChange(Schedule.pct(seed, 3, 400)) > 40) {
        lateLong++;
      }
    }
    assertThat(lateDefault).as("default horizon 64: every change within 32 rounds").isZero();
    assertThat(lateLong).as("horizon 400: changes late in the run too").isGreaterThan(30);
    assertThat(Schedule.pct(5, 3, 400)).hasToString("Schedule.pct(5, 3, 400)");
    assertThatThrownBy(() -> Schedule.pct(1, 3, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("horizon must be >= 1");
  }
}
