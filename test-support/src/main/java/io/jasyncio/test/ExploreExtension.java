package io.jasyncio.test;

import io.jasyncio.EventLoop;
import io.jasyncio.Schedule;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
      return Stream.of(kinds).map(k -> invocation(schedule(k, cfg.seed(), cfg), !cfg.realTime()));
    }
    if (cfg.runs() < 1) {
      throw new IllegalArgumentException("@Explore(runs = " + cfg.runs() + "): runs must be >= 1");
    }
    return IntStream.range(0, cfg.runs())
        .mapToObj(
            i ->
                invocation(
                    schedule(kinds[i % kinds.length], cfg.firstSeed() + i, cfg), !cfg.realTime()));
  }

  private static Schedule schedule(Schedule.Kind kind, long seed, Explore cfg) {
    return Schedule.of(kind, seed, cfg.depth(), cfg.horizon());
  }

  private static TestTemplateInvocationContext invocation(Schedule schedule, boolean virtualTime) {
    AsyncTestExtension.TestLoop tl = AsyncTestExtension.TestLoop.create(virtualTime);
    tl.loop().setSchedule(schedule);
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return schedule.toString();
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(new SeededRun(tl, schedule));
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

  /** Runs one seeded invocation as the main task of its loop, and injects that loop. */
  private record SeededRun(AsyncTestExtension.TestLoop tl, Schedule schedule)
      implements InvocationInterceptor, ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == EventLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return tl.loop();
    }

    @Override
    public void interceptTestTemplateMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<Method> invocationContext,
        ExtensionContext context)
        throws Throwable {
      try {
        AsyncTestExtension.runAsMainTask(invocation, tl, context.getDisplayName());
      } catch (org.opentest4j.TestAbortedException skipped) {
        throw skipped; // an assumption that does not hold: skipped, not failed
      } catch (Throwable t) {
        AssertionError e =
            new AssertionError(
                "failed under "
                    + schedule
                    + ": replay it with "
                    + replay(schedule)
                    + " (or loop.setSchedule("
                    + schedule
                    + ")): "
                    + t,
                t);
        throw e;
      }
    }
  }
}
