package io.jasyncio.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method as {@link AsyncTest} does (the body as the main task of a fresh loop, on
 * virtual time, with a real-time limit, lifecycle methods on the same loop, pending tasks a
 * failure), without making it a {@code @Test}: put it beside {@code @ParameterizedTest} or
 * {@code @RepeatedTest}, where each invocation (each set of arguments, each repetition) gets a loop
 * of its own. On a class, it applies to each of its test methods and those of its {@code @Nested}
 * classes; the method's own annotation, if any, wins.
 *
 * {@snippet :
 * @ParameterizedTest
 * @ValueSource(ints = {1, 2, 3})
 * @RunOnLoop
 * void waitsItsTurn(int seconds, EventLoop loop) {
 *   sleep(seconds);
 *   assertThat(loop.time()).isEqualTo(seconds);
 * }
 * }
 *
 * <p>{@code @TestFactory} methods are not supported (their dynamic tests run after the factory
 * returns). {@link Explore} runs on loops of its own: it needs no {@code @RunOnLoop}. An {@code
 * EventLoop} parameter of a {@code @BeforeAll} method or of a constructor is not resolved: there is
 * a loop per invocation only.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(AsyncTestExtension.class)
public @interface RunOnLoop {
  /** Returns true to run on the real clock instead of virtual time. */
  boolean realTime() default false;

  /**
   * Returns the limit, in seconds of real time, on the body and on each lifecycle method: -1 (the
   * default) for the configuration parameter or system property {@code jasyncio.test.timeout},
   * itself 60 s when unset; 0 for no limit.
   */
  double timeout() default -1;
}
