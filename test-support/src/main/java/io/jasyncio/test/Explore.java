package io.jasyncio.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an {@link AsyncTest}-style test under many schedules: each run seeds the loop with {@link
 * io.jasyncio.EventLoop#exploreSchedules}, so the tasks that are ready together run in a
 * different order, and ordering bugs that asyncio's fixed order hides come out. Each run is
 * named by its seed; a failing run says how to replay it, and {@code @Explore(seed = N)} replays
 * exactly that schedule.
 *
 * <p>The seeds are {@code firstSeed, firstSeed + 1, ...}: the same on every build, so a suite that
 * passes keeps passing.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(ExploreExtension.class)
public @interface Explore {
  /**
   * @return how many schedules to run
   */
  int runs() default 100;

  /**
   * @return the first seed
   */
  long firstSeed() default 1;

  /**
   * @return a single seed to replay, instead of {@link #runs()} seeds; -1 for none
   */
  long seed() default -1;

  /**
   * @return true to run on the real clock instead of virtual time
   */
  boolean realTime() default false;
}
