package io.jasyncio.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test whose body runs as the main task of a fresh event loop, on virtual time unless {@link
 * #realTime()} is set: {@code sleep}, {@code await} and {@code gather} work directly in the test
 * method, and an hour of sleeping takes microseconds. It is {@code @Test} plus {@link RunOnLoop};
 * for {@code @ParameterizedTest} and {@code @RepeatedTest}, put {@link RunOnLoop} beside them.
 *
 * <p>The test's {@code @BeforeEach} and {@code @AfterEach} methods run on the same loop, each as a
 * task, before and after the body; the tasks they start keep running in between. An {@link
 * io.jasyncio.EventLoop} parameter of any of them receives the loop, whose {@code time()} is the
 * clock.
 *
 * <p>The test fails if, after its {@code @AfterEach} methods, it left tasks pending (they are
 * cancelled and named) or tasks that failed with an exception nobody retrieved (named, with the
 * exception).
 *
 * <p>It cannot hang the build: each of those runs has a limit in real time ({@link #timeout()}, 60
 * s by default). When it passes, the test fails naming every pending task with its stack, what it
 * awaits and which tasks await it, and the test's task is cancelled. If the loop's thread is stuck
 * in a task that never reaches an await point (a busy loop, {@code Thread.sleep}, a {@code
 * java.util.concurrent} lock), the failure shows that thread's stack instead, and the thread is
 * interrupted; if that does not end it either, it is left running as a daemon thread and the test
 * fails all the same. A {@link java.util.concurrent.TimeoutException} of a test on virtual time
 * (from {@code waitFor} or {@code timeout}) fails with a message that says the timeout was in
 * virtual time and how to switch to the real clock.
 *
 * {@snippet :
 * @AsyncTest
 * void retriesAfterOneSecond(EventLoop loop) {
 *   Task<String> t = createTask(() -> fetchWithRetry());
 *   assertThat(t.await()).isEqualTo("ok");
 *   assertThat(loop.time()).isEqualTo(1.0);
 * }
 * }
 *
 * @see RunOnLoop
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {
  /** Returns true to run on the real clock instead of virtual time. */
  boolean realTime() default false;

  /**
   * Returns the limit, in seconds of real time, on the test's body and on each of its lifecycle
   * methods: -1 (the default) for the configuration parameter or system property {@code
   * jasyncio.test.timeout}, itself 60 s when unset; 0 for no limit.
   */
  double timeout() default -1;
}
