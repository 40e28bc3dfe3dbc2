package io.jasyncio.test;

import io.jasyncio.EventLoop;
import io.jasyncio.Schedule;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs {@link AsyncTest} and {@link RunOnLoop} methods, and their {@code @BeforeEach} and
 * {@code @AfterEach} methods, as tasks of a fresh loop per invocation, and checks what they left
 * behind. Registered by the annotations; not meant to be used directly.
 */
public final class AsyncTestExtension
    implements InvocationInterceptor, ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(AsyncTestExtension.class);

  /** Made by JUnit through the {@code @ExtendWith} of {@link AsyncTest} and {@link RunOnLoop}. */
  public AsyncTestExtension() {}

  /** {@link Explore} runs its own loops: this extension stays out of its way. */
  private static boolean explored(ExtensionContext c) {
    return c.getTestMethod().map(m -> m.isAnnotationPresent(Explore.class)).orElse(false);
  }

  /** The loop of the invocation, made on first use. */
  private static TestLoop testLoop(ExtensionContext c) {
    return c.getStore(NS).getOrComputeIfAbsent("loop", k -> create(c), TestLoop.class);
  }

  private static TestLoop create(ExtensionContext c) {
    Method m = c.getRequiredTestMethod();
    Optional<AsyncTest> a = AnnotationSupport.findAnnotation(m, AsyncTest.class);
    if (a.isPresent()) {
      return new TestLoop(
          !a.get().realTime(),
          timeout(a.get().timeout(), "@AsyncTest", c),
          Schedule.fifo(),
          "@AsyncTest");
    }
    Optional<RunOnLoop> r = AnnotationSupport.findAnnotation(m, RunOnLoop.class);
    for (Class<?> k = c.getRequiredTestClass();
        r.isEmpty() && k != null;
        k = k.getEnclosingClass()) {
      r = AnnotationSupport.findAnnotation(k, RunOnLoop.class);
    }
    RunOnLoop cfg =
        r.orElseThrow(
            () ->
                new IllegalStateException(
                    "AsyncTestExtension on "
                        + m
                        + ", which has neither @AsyncTest nor @RunOnLoop: use the annotations"
                        + " rather than @ExtendWith(AsyncTestExtension.class)"));
    return new TestLoop(
        !cfg.realTime(), timeout(cfg.timeout(), "@RunOnLoop", c), Schedule.fifo(), "@RunOnLoop");
  }

  /**
   * The limit of a test in seconds: the annotation's, or for -1 the configuration parameter {@code
   * jasyncio.test.timeout}, or 60 s.
   */
  static double timeout(double annotated, String annotation, ExtensionContext c) {
    if (annotated == -1) {
      return c.getConfigurationParameter(TestLoop.TIMEOUT_PARAMETER)
          .map(AsyncTestExtension::parseTimeout)
          .orElse(TestLoop.DEFAULT_TIMEOUT);
    }
    if (annotated >= 0 && annotated < Double.POSITIVE_INFINITY) {
      return annotated;
    }
    throw new IllegalArgumentException(
        annotation
            + "(timeout = "
            + annotated
            + "): give seconds of real time, 0 for no limit, or leave it out for the default ("
            + TestLoop.TIMEOUT_PARAMETER
            + ", else 60 s)");
  }

  /**
   * Parses the value of {@code jasyncio.test.timeout}: seconds ({@code 90}, {@code 1.5}), a
   * duration ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code PT2M}), or {@code 0} or
   * {@code none} for no limit.
   *
   * @throws IllegalArgumentException naming the value and the forms accepted
   */
  static double parseTimeout(String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    try {
      double d;
      if (s.equals("none")) {
        d = 0;
      } else if (s.startsWith("p")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT)).toNanos() / 1e9;
      } else if (s.endsWith("ms")) {
        d = Double.parseDouble(s.substring(0, s.length() - 2).trim()) / 1000;
      } else if (s.endsWith("s")) {
        d = Double.parseDouble(s.substring(0, s.length() - 1).trim());
      } else if (s.endsWith("m")) {
        d = Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 60;
      } else if (s.endsWith("h")) {
        d = Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 3600;
      } else {
        d = Double.parseDouble(s);
      }
      if (d >= 0 && d < Double.POSITIVE_INFINITY) {
        return d;
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // described below
    }
    throw new IllegalArgumentException(
        TestLoop.TIMEOUT_PARAMETER
            + " = '"
            + value
            + "': give seconds (90, 1.5), a duration (500ms, 30s, 2m, 1h, PT2M), or 0 or none for"
            + " no limit");
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == EventLoop.class
        && e.getTestMethod().isPresent()
        && !explored(e);
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return testLoop(e).loop;
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    onTheLoop(context, "test " + context.getDisplayName(), invocation);
  }

  @Override
  public void interceptTestTemplateMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    String method = context.getParent().map(ExtensionContext::getDisplayName).orElse("");
    onTheLoop(context, "test " + method + " " + context.getDisplayName(), invocation);
  }

  @Override
  public void interceptBeforeEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    onTheLoop(
        context, "@BeforeEach " + invocationContext.getExecutable().getName() + "()", invocation);
  }

  @Override
  public void interceptAfterEachMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    onTheLoop(
        context, "@AfterEach " + invocationContext.getExecutable().getName() + "()", invocation);
  }

  /**
   * Runs {@code invocation} as a task named {@code name} on the run's loop; an {@code @Explore} run
   * proceeds as it is (its own extension puts it on its loops).
   */
  private static void onTheLoop(ExtensionContext context, String name, Invocation<Void> invocation)
      throws Throwable {
    if (explored(context)) {
      invocation.proceed();
      return;
    }
    testLoop(context).run(name, invocation);
  }

  /** After the {@code @AfterEach} methods: the pending tasks are cancelled and the loop closed. */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    @Nullable TestLoop tl = context.getStore(NS).remove("loop", TestLoop.class);
    if (tl != null) {
      finish(tl);
    }
  }

  /** {@link TestLoop#finish()}, with what it throws as {@code afterEach} may throw it. */
  static void finish(TestLoop tl) throws Exception {
    try {
      tl.finish();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}
