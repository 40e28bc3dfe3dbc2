package io.jasyncio;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * Ctrl-C while {@link Runner#run} runs on the JVM's main thread, as asyncio's Runner handles
 * SIGINT: the first Ctrl-C cancels the main task, so its {@code finally} blocks and the runner's
 * cleanup run; once the runner is closed, if the main task ended cancelled by it, the signal goes
 * on to the JVM's own handler, which exits with status 130. A second Ctrl-C goes on at once. {@code
 * -Djasyncio.sigint=false} leaves SIGINT alone.
 */
final class Sigint {
  /*
   * Implementation notes. sun.misc.Signal (module jdk.unsupported) through reflection: javac warns
   * on every direct use of it, and -Werror turns that into a failure. One runner at a time owns
   * the handler (`owner`); the JVM calls handle() on its own thread, so the cancellation goes
   * through callSoonThreadsafe.
   */
  private static final @Nullable Class<?> SIGNAL;
  private static final @Nullable Class<?> HANDLER;
  private static final @Nullable Method HANDLE; // Signal.handle(Signal, SignalHandler)
  private static final @Nullable Method RAISE_TO; // SignalHandler.handle(Signal)

  static {
    Class<?> signal = null;
    Class<?> handler = null;
    Method handle = null;
    Method raiseTo = null;
    try {
      signal = Class.forName("sun.misc.Signal");
      handler = Class.forName("sun.misc.SignalHandler");
      handle = signal.getMethod("handle", signal, handler);
      raiseTo = handler.getMethod("handle", signal);
    } catch (ReflectiveOperationException | LinkageError e) {
      signal = null; // no sun.misc.Signal in this runtime: Ctrl-C keeps the JVM's behaviour
    }
    SIGNAL = signal;
    HANDLER = handler;
    HANDLE = handle;
    RAISE_TO = raiseTo;
  }

  private static final Object LOCK = new Object();
  private static @Nullable Sigint owner;

  private final EventLoop loop;
  private final Task<?> main;
  private final Object signal;

  /** The JVM's own handler, taken over: set right after the handler is installed. */
  private volatile @Nullable Object previous;

  private final java.util.concurrent.atomic.AtomicInteger count =
      new java.util.concurrent.atomic.AtomicInteger();

  private Sigint(EventLoop loop, Task<?> main, Object signal) {
    this.loop = loop;
    this.main = main;
    this.signal = signal;
  }

  /**
   * Takes over SIGINT for the run of {@code main}, when this is the JVM's main thread, nobody else
   * has it, and it is not turned off; returns null otherwise.
   */
  static @Nullable Sigint install(EventLoop loop, Task<?> main) {
    Class<?> signalClass = SIGNAL;
    Class<?> handlerClass = HANDLER;
    Method handle = HANDLE;
    if (signalClass == null
        || handlerClass == null
        || handle == null
        || !Thread.currentThread().getName().equals("main")
        || System.getProperty("jasyncio.sigint", "true").equals("false")) {
      return null;
    }
    synchronized (LOCK) {
      if (owner != null) {
        return null;
      }
      try {
        Sigint s =
            new Sigint(loop, main, signalClass.getConstructor(String.class).newInstance("INT"));
        Object handler =
            Proxy.newProxyInstance(
                Sigint.class.getClassLoader(),
                new Class<?>[] {handlerClass},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "handle" -> s.onSignal();
                    case "toString" -> {
                      return "jasyncio's SIGINT handler";
                    }
                    case "hashCode" -> {
                      return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                      return args != null && args.length == 1 && proxy == args[0];
                    }
                    default -> {}
                  }
                  return null;
                });
        s.previous = handle.invoke(null, s.signal, handler);
        owner = s;
        return s;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null; // SIGINT is not ours to take here (-Xrs, say): keep the JVM's behaviour
      }
    }
  }

  private void onSignal() {
    int n = count.incrementAndGet();
    if (n == 1) {
      try {
        loop.callSoonThreadsafe(() -> main.cancel("interrupted by Ctrl-C (SIGINT)"));
        return;
      } catch (IllegalStateException closed) {
        // the loop is gone: the JVM handles it
      }
    }
    raise();
  }

  /** Gives SIGINT back; returns whether the run was interrupted by it (and ended cancelled). */
  boolean uninstall() {
    synchronized (LOCK) {
      Object p = previous;
      Method handle = HANDLE;
      if (p != null && handle != null) {
        try {
          handle.invoke(null, signal, p);
        } catch (ReflectiveOperationException e) {
          // ours stays: it passes every signal on once the run is over (count > 0)
        }
      }
      owner = null;
    }
    return count.get() > 0 && main.isCancelled();
  }

  /** The JVM's own handling of SIGINT: its handler (exit status 130), or exit(130) without one. */
  void raise() {
    Object p = previous;
    Method raiseTo = RAISE_TO;
    try {
      if (p != null && raiseTo != null) {
        raiseTo.invoke(p, signal);
        return;
      }
    } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
      // no usable JVM handler (SIG_DFL under -Xrs): exit as it would
    }
    Runtime.getRuntime().exit(130); // 128 + SIGINT
  }
}
