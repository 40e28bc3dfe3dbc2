package io.jasyncio.test;

import io.jasyncio.EventLoop;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides one invocation per seed for {@link Explore}. Registered by the annotation. */
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
    if (cfg.runs() < 1 && cfg.seed() < 0) {
      throw new IllegalArgumentException("@Explore(runs = " + cfg.runs() + "): runs must be >= 1");
    }
    LongStream seeds =
        cfg.seed() >= 0
            ? LongStream.of(cfg.seed())
            : LongStream.range(cfg.firstSeed(), cfg.firstSeed() + cfg.runs());
    return seeds.mapToObj(seed -> invocation(seed, !cfg.realTime()));
  }

  private static TestTemplateInvocationContext invocation(long seed, boolean virtualTime) {
    AsyncTestExtension.TestLoop tl = AsyncTestExtension.TestLoop.create(virtualTime);
    tl.loop().exploreSchedules(seed);
    return new TestTemplateInvocationContext() {
      @Override
      public String getDisplayName(int invocationIndex) {
        return "seed " + seed;
      }

      @Override
      public List<Extension> getAdditionalExtensions() {
        return List.of(new SeededRun(tl, seed));
      }
    };
  }

  /** Runs one seeded invocation as the main task of its loop, and injects that loop. */
  private record SeededRun(AsyncTestExtension.TestLoop tl, long seed)
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
      } catch (Throwable t) {
        AssertionError e =
            new AssertionError(
                "failed under schedule seed "
                    + seed
                    + ": replay it with @Explore(seed = "
                    + seed
                    + ") (or loop.exploreSchedules("
                    + seed
                    + ")): "
                    + t,
                t);
        throw e;
      }
    }
  }
}
