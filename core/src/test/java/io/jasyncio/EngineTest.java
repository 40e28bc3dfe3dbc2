package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineTest {
  @Test
  void theEngineIsTheOneTheBuildAskedFor() {
    String asked = System.getProperty(Engine.PROPERTY);
    Engine e = run(() -> Asyncio.getRunningLoop().engine());
    if ("continuations".equals(asked)) {
      assertThat(e).isEqualTo(Engine.CONTINUATIONS);
    } else if ("virtual-threads".equals(asked)) {
      assertThat(e).isEqualTo(Engine.VIRTUAL_THREADS);
    }
    assertThat(Engine.VIRTUAL_THREADS.isAvailable()).isTrue();
  }

  @Test
  void anUnknownEngineNameIsAClearError() {
    String old = System.getProperty(Engine.PROPERTY);
    System.setProperty(Engine.PROPERTY, "green-threads");
    try {
      assertThatThrownBy(Engine::defaultEngine)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("green-threads")
          .hasMessageContaining("continuations, virtual-threads");
    } finally {
      if (old == null) {
        System.clearProperty(Engine.PROPERTY);
      } else {
        System.setProperty(Engine.PROPERTY, old);
      }
    }
  }

  @Test
  void oneTaskRunsAtATimeOnEveryEngine() {
    for (Engine engine : Engine.values()) {
      if (!engine.isAvailable()) {
        continue;
      }
      int[] inside = new int[1];
      int[] maxInside = new int[1];
      run(
          () -> {
            java.util.List<Task<Void>> ts = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
              ts.add(
                  createTask(
                      () -> {
                        for (int k = 0; k < 20; k++) {
                          inside[0]++;
                          maxInside[0] = Math.max(maxInside[0], inside[0]);
                          Thread.onSpinWait();
                          inside[0]--;
                          sleep(0);
                        }
                      }));
            }
            Asyncio.gather(ts);
          },
          engine);
      assertThat(maxInside[0]).as(engine.name()).isEqualTo(1);
    }
  }

  static final class SuspendsInItsStaticInitializer {
    static {
      sleep(0);
    }

    static void touch() {}
  }

  @Test
  void suspendingWhereAContinuationCannotFreezeIsAClearErrorNotACrash() {
    if (!Engine.CONTINUATIONS.isAvailable()) {
      return; // nothing to check on a JVM without continuations
    }
    Throwable t =
        run(
            () -> {
              Task<Void> task = createTask(SuspendsInItsStaticInitializer::touch);
              try {
                task.await();
                return null;
              } catch (Throwable e) {
                return e;
              }
            },
            Engine.CONTINUATIONS);
    assertThat(t).isInstanceOf(ExceptionInInitializerError.class);
    assertThat(t.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot suspend here")
        .hasMessageContaining("static initializer");
  }
}
