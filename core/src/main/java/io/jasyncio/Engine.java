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
   * The first call logs the choice and its reason ({@link #defaultEngineReason()}) on the {@code
   * System.Logger} named {@code io.jasyncio}: at {@code DEBUG}, or at {@code WARNING} when the JVM
   * was evidently meant to run continuations but exports {@code jdk.internal.vm} to the wrong
   * module (a class-path flag on a module-path program).
   *
   * @return the default engine
   * @throws IllegalStateException if the property names an unknown engine, or names an engine that
   *     cannot run here; the message gives the JVM flag that makes it run
   */
  public static Engine defaultEngine() {
    Choice c = choose();
    if (!logged) {
      logged = true;
      System.getLogger("io.jasyncio")
          .log(
              c.misconfigured ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
              "jasyncio engine: {0} ({1})",
              c.engine.name().toLowerCase(Locale.ROOT).replace('_', '-'),
              c.reason);
    }
    return c.engine;
  }

  /**
   * Why {@link #defaultEngine()} picks the engine it picks, in a sentence that names the JVM flag
   * or system property behind the choice, and the flag that would give the continuations engine
   * when it is not available. For logs and bug reports.
   *
   * @return the reason
   * @throws IllegalStateException as {@link #defaultEngine()} does
   */
  public static String defaultEngineReason() {
    return choose().reason;
  }

  /** Whether the choice was logged (once per JVM; a race logs it twice at worst). */
  private static volatile boolean logged;

  private record Choice(Engine engine, String reason, boolean misconfigured) {}

  private static Choice choose() {
    String p = System.getProperty(PROPERTY);
    if (p == null || p.isBlank() || p.equalsIgnoreCase("auto")) {
      if (CONTINUATIONS.isAvailable()) {
        return new Choice(
            CONTINUATIONS,
            "java.base/jdk.internal.vm is exported to " + jasyncioModule() + ", the fastest engine",
            false);
      }
      boolean wrongModule =
          Strands.class.getModule().isNamed()
              && Object.class
                  .getModule()
                  .isExported(
                      "jdk.internal.vm", ClassLoader.getSystemClassLoader().getUnnamedModule());
      return new Choice(
          VIRTUAL_THREADS,
          (wrongModule
                  ? "jdk.internal.vm is exported to ALL-UNNAMED, but jasyncio runs on the module path"
                      + " as module io.jasyncio"
                  : "java.base/jdk.internal.vm is not exported to " + jasyncioModule())
              + ": for the faster continuations engine run java with "
              + exportFlag(),
          wrongModule);
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
    return new Choice(e, "-D" + PROPERTY + "=" + p.trim(), false);
  }

  /** How the JVM flags name jasyncio's module: io.jasyncio, or ALL-UNNAMED on the class path. */
  private static String jasyncioModule() {
    return Strands.class.getModule().isNamed() ? "io.jasyncio" : "ALL-UNNAMED";
  }

  /** The flag that exports jdk.internal.vm to jasyncio, as jasyncio is loaded in this JVM. */
  static String exportFlag() {
    return "--add-exports java.base/jdk.internal.vm=" + jasyncioModule();
  }

  void checkAvailable() {
    if (!isAvailable()) {
      throw new IllegalStateException(
          "the continuations engine needs java.base/jdk.internal.vm exported to jasyncio, which"
              + " runs "
              + (Strands.class.getModule().isNamed()
                  ? "on the module path as module io.jasyncio"
                  : "on the class path")
              + ": run java with "
              + exportFlag()
              + " (in an executable jar's manifest: Add-Exports: java.base/jdk.internal.vm), or use"
              + " Engine.VIRTUAL_THREADS");
    }
  }
}
