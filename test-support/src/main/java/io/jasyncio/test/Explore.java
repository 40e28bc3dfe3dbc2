package io.jasyncio.test;

import io.jasyncio.Schedule;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an {@link AsyncTest}-style test under many schedules: each run sets a seeded {@link
 * Schedule} on the loop ({@link io.jasyncio.EventLoop#setSchedule}), so the tasks that are ready
 * together run in a different order, and ordering bugs that asyncio's fixed order hides come out.
 *
 * <p>Run {@code i} (from 0) uses seed {@code firstSeed + i} and the schedule kind {@code
 * schedules[i % schedules.length]}: by default random permutations and PCT priority schedules take
 * turns. Each run is named by its schedule; a failing run says how to replay it, and
 * {@code @Explore(seed = N, schedules = KIND)} replays exactly that schedule.
 *
 * <p>The seeds are the same on every build, so a suite that passes keeps passing.
 *
 * <p>Each run is like an {@link AsyncTest}: a fresh loop, the {@code @BeforeEach} and
 * {@code @AfterEach} methods as tasks on it, pending tasks a failure, and a limit in real time
 * ({@link #timeout()}) on each of them.
 *
 * {@snippet :
 * @Explore(runs = 200)
 * void depositsAreNeverLost() {
 *   Account a = new Account();
 *   gather(createTask(() -> a.deposit(10)), createTask(() -> a.deposit(5)));
 *   assertThat(a.balance).isEqualTo(115);
 * }
 * }
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(ExploreExtension.class)
public @interface Explore {
  /** Returns how many schedules to run. */
  int runs() default 100;

  /** Returns the first seed. */
  long firstSeed() default 1;

  /**
   * Returns a single seed to replay (under each kind in {@link #schedules()}), instead of {@link
   * #runs()} seeds; -1 for none.
   */
  long seed() default -1;

  /** Returns the kinds of schedule, taken in turn. */
  Schedule.Kind[] schedules() default {Schedule.Kind.RANDOM, Schedule.Kind.PCT};

  /** Returns the depth of the PCT schedules. */
  int depth() default Schedule.DEFAULT_DEPTH;

  /**
   * Returns over how many scheduling decisions the PCT change points are spread: about the number
   * of decisions the test makes, for bugs that need a late priority change.
   */
  int horizon() default Schedule.PCT_HORIZON;

  /** Returns true to run on the real clock instead of virtual time. */
  boolean realTime() default false;

  /**
   * Returns the limit, in seconds of real time, on each run's body and on each of its lifecycle
   * methods, as {@link AsyncTest#timeout()}: -1 (the default) for the configuration parameter or
   * system property {@code jasyncio.test.timeout}, itself 60 s when unset; 0 for no limit.
   */
  double timeout() default -1;
}
