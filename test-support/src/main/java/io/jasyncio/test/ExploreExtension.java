package io.jasyncio.test;

import io.jasyncio.EventLoop;
import io.jasyncio.Schedule;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides one invocation per schedule for {@link Explore}. Registered by the annotation. */
public final class ExploreExtension implements TestTemplateInvocationContextProvider {
  /** Made by JUnit through {@link Explore}'s {@code @ExtendWith}. */
  public ExploreExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getRequiredTestMethod().isAnnotationPresent(Explore.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    Explore cfg = context.getRequiredTestMethod().getAnnotation(Explore.class);
    Schedule.Kind[] kinds = cfg.schedules();
    if (kinds.length == 0) {
      throw new IllegalArgumentException(
          "@Explore(schedules = {}): name at least one kind, e.g. schedules = Schedule.Kind.PCT");
    }
    if (cfg.seed() >= 0) {
      return Stream.of(kinds).map(k -> invocation(schedule(k, cfg.seed(), cfg), cfg, context));
    }
    if (cfg.runs() < 1) {
      throw new IllegalArgumentException("@Explore(runs = " + cfg.runs() + "): runs must be >= 1");
    }
    return IntStream.range(0, cfg.runs())
        .mapToObj(
            i ->
                invocation(
                    schedule(kinds[i % kinds.length], cfg.firstSeed() + i, cfg), cfg, context));
  }

  private static Schedule schedule(Schedule.Kind kind, long seed, Explore cfg) {
    return Schedule.of(kind, seed, cfg.depth(), cfg.horizon());
  }

  private static TestTemplateInvocationContext invocation(
      Schedule schedule, Explore cfg, ExtensionContext context) {
    double timeout = AsyncTestExtension.timeout(cfg.timeout(), "@Explore", context);
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return schedule.toString();
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(
            new SeededRun(new TestLoop(!cfg.realTime(), timeout, schedule, "@Explore"), schedule));
      }
    };
  }

  /** How to replay a schedule with the annotation. */
  static String replay(Schedule s) {
    return "@Explore(seed = "
        + s.seed()
        + ", schedules = "
        + s.kind()
        + (s.kind() == Schedule.Kind.PCT ? ", depth = " + s.depth() : "")
        + (s.kind() == Schedule.Kind.PCT && s.horizon() != Schedule.PCT_HORIZON
            ? ", horizon = " + s.horizon()
            : "")
        + ")";
  }

  /**
   * Runs one seeded invocation, with its lifecycle methods, as tasks of its loop, and injects that
   * loop.
   */
  private record SeededRun(TestLoop tl, Schedule schedule)
      implements InvocationInterceptor, ParameterResolver, AfterEachCallback {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == EventLoop.class && e.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return tl.loop;
    }

    @Override
    public void interceptTestTemplateMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext context)
        throws Throwable {
      runReplayably("test " + context.getDisplayName(), invocation);
    }

    @Override
    public void interceptBeforeEachMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext context)
        throws Throwable {
      runReplayably(
          "@BeforeEach " + invocationContext.getExecutable().getName() + "()", invocation);
    }

    @Override
    public void interceptAfterEachMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext context)
        throws Throwable {
      runReplayably("@AfterEach " + invocationContext.getExecutable().getName() + "()", invocation);
    }

    /** Runs {@code invocation} as a task of this run's loop; a failure names the seed. */
    private void runReplayably(String name, Invocation<Void> invocation) throws Throwable {
      try {
        tl.run(name, invocation);
      } catch (Throwable t) {
        throw replayable(t);
      }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
      try {
        AsyncTestExtension.finish(tl);
      } catch (Exception | Error e) {
        Throwable r = replayable(e);
        if (r instanceof Error err) {
          throw err;
        }
        throw (Exception) r;
      }
    }

    /** The failure, saying how to replay its schedule; an assumption that does not hold, as is. */
    private Throwable replayable(Throwable t) {
      if (t instanceof org.opentest4j.TestAbortedException) {
        return t; // skipped, not failed
      }
      return new AssertionError(
          "failed under "
              + schedule
              + ": replay it with "
              + replay(schedule)
              + " (or loop.setSchedule("
              + schedule
              + ")): "
              + t,
          t);
    }
  }
}
