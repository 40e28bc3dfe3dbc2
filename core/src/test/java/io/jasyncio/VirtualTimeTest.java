package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The virtual clock: same order of events as real time, no real waiting. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualTimeTest {
  @Test
  void theClockStartsAtZeroAndJumpsToEachTimer() {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          assertThat(loop.isVirtualTime()).isTrue();
          assertThat(loop.time()).isZero();
          Task<Void> slow =
              createTask(
                  () -> {
                    sleep(3600);
                    log.add("slow at " + loop.time());
                  });
          Task<Void> fast =
              createTask(
                  () -> {
                    sleep(2);
                    log.add("fast at " + loop.time());
                  });
          loop.callLater(60, () -> log.add("timer at " + loop.time()));
          gather(slow, fast);
          log.add("end at " + loop.time());
        });
    assertThat(log)
        .containsExactly("fast at 2.0", "timer at 60.0", "slow at 3600.0", "end at 3600.0");
    assertThat(System.nanoTime() - t0).as("an hour of sleeping takes no real hour").isLessThan(
        java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
  }

  @Test
  void theClockDoesNotMoveWhileWorkIsReady() {
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          Task<Void> spinner =
              createTask(
                  () -> {
                    for (int i = 0; i < 1000; i++) {
                      sleep(0);
                    }
                  });
          spinner.await();
          assertThat(loop.time()).as("yielding is not waiting").isZero();
          sleep(0.25);
          assertThat(loop.time()).isEqualTo(0.25);
        });
  }

  @Test
  void theLessonsRestaurantTimingsHoldOnVirtualTime() {
    List<String> log = new ArrayList<>();
    long t0 = System.nanoTime();
    runVirtualTime(
        () -> {
          EventLoop loop = getRunningLoop();
          List<Task<Void>> waiters = new ArrayList<>();
          for (String dish : List.of("Салат", "Стейк", "Суп")) {
            waiters.add(
                createTask(
                    () -> {
                      sleep(2); // the cook
                      log.add(dish + " ready at " + loop.time());
                      log.add(dish + " served at " + loop.time());
                    }));
          }
          gather(waiters);
        });
    assertThat(log)
        .containsExactly(
            "Салат ready at 2.0",
            "Салат served at 2.0",
            "Стейк ready at 2.0",
            "Стейк served at 2.0",
            "Суп ready at 2.0",
            "Суп served at 2.0");
    assertThat(System.nanoTime() - t0).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
  }
}
