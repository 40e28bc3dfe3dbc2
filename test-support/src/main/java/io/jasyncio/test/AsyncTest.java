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
 * method, and an hour of sleeping takes microseconds.
 *
 * <p>The test fails if, when its body returns, it left tasks pending (they are cancelled and named)
 * or tasks that failed with an exception nobody retrieved (named, with the exception). An {@link
 * io.jasyncio.EventLoop} parameter receives the test's loop, whose {@code time()} is the clock.
 *
 * {@snippet :
 * @AsyncTest
 * void retriesAfterOneSecond(EventLoop loop) {
 *   Task<String> t = createTask(() -> fetchWithRetry());
 *   assertThat(t.await()).isEqualTo("ok");
 *   assertThat(loop.time()).isEqualTo(1.0);
 * }
 * }
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {
  /** Returns true to run on the real clock instead of virtual time. */
  boolean realTime() default false;
}
