package io.jasyncio;

import io.jasyncio.internal.Strands;
import java.util.Locale;

/**
 * How a loop runs its task bodies. Both give the same semantics: one task runs at a time, and it
 * switches only at await points.
 *
 * <p>The default comes from the system property {@code jasyncio.engine} ({@code continuations} or
 * {@code virtual-threads}); without it, {@link #CONTINUATIONS} is used when it is available and
 * {@link #VIRTUAL_THREADS} otherwise.
 */
public enum Engine {
  /**
   * Every task is a {@code jdk.internal.vm.Continuation} run on the loop thread: the fastest
   * switch. Available when {@code java.base/jdk.internal.vm} is exported to jasyncio, for example
   * with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (class path) or {@code
   * =io.jasyncio} (module path).
   */
  CONTINUATIONS,

  /**
   * Every task runs on its own virtual thread, handed the turn by the loop thread: public JDK API
   * only, no JVM flags.
   */
  VIRTUAL_THREADS;

  /** The system property that forces an engine. */
  public static final String PROPERTY = "jasyncio.engine";

  /** Returns whether this engine can run in this JVM. */
  public boolean isAvailable() {
    return this == VIRTUAL_THREADS || Strands.continuationsAvailable();
  }

  /**
   * The engine a new loop uses: the one named by {@value #PROPERTY}, else the fastest available.
   *
   * @return the default engine
   * @throws IllegalStateException if the property names an unknown or unavailable engine
   */
  public static Engine defaultEngine() {
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank() || p.equalsIgnoreCase("auto")) {
      return CONTINUATIONS.isAvailable() ? CONTINUATIONS : VIRTUAL_THREADS;
    }
    Engine e =
        switch (p.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
          case "continuations", "continuation" -> CONTINUATIONS;
          case "virtual-threads", "virtual-thread", "vthreads" -> VIRTUAL_THREADS;
          default ->
              throw new IllegalStateException(
                  "-D"
                      + PROPERTY
                      + "="
                      + p
                      + " names no engine: use continuations, virtual-threads or auto");
        };
    e.checkAvailable();
    return e;
  }

  void checkAvailable() {
    if (!isAvailable()) {
      throw new IllegalStateException(
          "the continuations engine needs java.base/jdk.internal.vm exported to jasyncio: run java"
              + " with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (class path) or"
              + " --add-exports java.base/jdk.internal.vm=io.jasyncio (module path), or use"
              + " Engine.VIRTUAL_THREADS");
    }
  }
}
