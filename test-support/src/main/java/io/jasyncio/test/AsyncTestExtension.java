package io.jasyncio.test;

import io.jasyncio.Engine;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Task;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs an {@link AsyncTest} method as the main task of a fresh loop and checks what it left behind.
 * Registered by the annotation; not meant to be used directly.
 */
public final class AsyncTestExtension implements InvocationInterceptor, ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(AsyncTestExtension.class);

  /** Made by JUnit through {@link AsyncTest}'s {@code @ExtendWith}. */
  public AsyncTestExtension() {}

  /** The loop of one test, and what its exception handler received. */
  record TestLoop(EventLoop loop, List<ExceptionContext> reported) {
    static TestLoop create(boolean virtualTime) {
      EventLoop loop = new EventLoop(Engine.defaultEngine(), virtualTime);
      List<ExceptionContext> reported = new ArrayList<>();
      loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
      return new TestLoop(loop, reported);
    }
  }

  private static TestLoop testLoop(ExtensionContext context) {
    return context
        .getStore(NS)
        .getOrComputeIfAbsent(
            "loop",
            k -> {
              AsyncTest cfg = context.getRequiredTestMethod().getAnnotation(AsyncTest.class);
              return TestLoop.create(cfg == null || !cfg.realTime());
            },
            TestLoop.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == EventLoop.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return testLoop(e).loop();
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext context)
      throws Throwable {
    runAsMainTask(invocation, testLoop(context), context.getDisplayName());
  }

  /**
   * Runs the test body as the main task of the loop, closes the loop, and fails naming the tasks
   * left pending and the failures nobody retrieved.
   */
  static void runAsMainTask(Invocation<Void> invocation, TestLoop tl, String name)
      throws Throwable {
    EventLoop loop = tl.loop();
    String problems;
    try {
      Task<Void> main =
          loop.createTask(
              () -> {
                try {
                  invocation.proceed();
                } catch (Exception | Error e) {
                  throw e;
                } catch (Throwable t) {
                  throw new AssertionError(t);
                }
              },
              "test " + name);
      loop.runUntilComplete(main);
      problems = leftovers(loop);
    } finally {
      loop.close();
    }
    List<String> unretrieved =
        tl.reported().stream()
            .filter(c -> c.message().contains("never retrieved"))
            .map(c -> c.taskName() + ": " + c.exception())
            .toList();
    if (!unretrieved.isEmpty()) {
      problems +=
          (problems.isEmpty() ? "" : "; ")
              + "the test left failed tasks whose exception nobody retrieved: "
              + String.join(", ", unretrieved);
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(problems);
    }
  }

  /** Cancels the tasks the test left pending, lets them finish, and describes them. */
  private static String leftovers(EventLoop loop) {
    List<Task<?>> pending = loop.allTasks();
    if (pending.isEmpty()) {
      return "";
    }
    String names = pending.stream().map(Task::getName).collect(Collectors.joining(", "));
    for (Task<?> t : pending) {
      t.cancel("the test ended");
    }
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              io.jasyncio.Asyncio.gather(pending, true);
            }));
    return "the test left "
        + pending.size()
        + " task(s) pending: "
        + names
        + " (cancelled; await or cancel them in the test)";
  }
}
