package io.jasyncio.internal;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Makes strands for the two engines. */
public final class Strands {
  private Strands() {}

  private static final boolean CONTINUATIONS =
      Object.class.getModule().isExported("jdk.internal.vm", Strands.class.getModule());

  /**
   * Returns whether {@code jdk.internal.vm} is exported to jasyncio, so that continuations can run.
   */
  public static boolean continuationsAvailable() {
    return CONTINUATIONS;
  }

  /**
   * Returns a factory of strands for that engine.
   *
   * @param continuations true for the continuations engine, false for virtual threads
   */
  public static Function<Runnable, Strand> factory(boolean continuations) {
    if (continuations) {
      return ContinuationHolder.FACTORY;
    }
    VirtualThreadStrand.warmUp();
    return VirtualThreadStrand::new;
  }

  /**
   * Runs {@code body} on a new virtual thread and waits for it, rethrowing what it throws. The
   * virtual-threads engine runs the loop itself this way, so that handing the turn to a task and
   * back is a switch between virtual threads, not a wake-up of a platform thread through the
   * operating system (about 100 times slower). An interrupt of the waiting thread is passed on to
   * the virtual thread; the waiting thread's flag is set if the body ended with its own set.
   *
   * @param name the virtual thread's name
   * @param body what to run
   */
  public static void runOnVirtualThread(String name, Runnable body) {
    Throwable[] failure = new Throwable[1];
    boolean[] endedInterrupted = new boolean[1];
    Thread vt =
        Thread.ofVirtual()
            .name(name)
            .start(
                () -> {
                  try {
                    body.run();
                  } catch (Throwable t) {
                    failure[0] = t;
                  } finally {
                    endedInterrupted[0] = Thread.currentThread().isInterrupted();
                  }
                });
    while (true) {
      try {
        vt.join();
        break;
      } catch (InterruptedException e) {
        vt.interrupt(); // an interrupt of the caller is meant for what it runs
      }
    }
    if (endedInterrupted[0]) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure[0];
    if (t != null) {
      throw Strands.<RuntimeException>rethrow(t); // unchanged, even a checked exception
    }
  }

  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // the sneaky-throw idiom
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  /** Told when a task body's virtual thread has blocked on a lock while the loop waits for it. */
  @FunctionalInterface
  public interface BlockedBody {
    /**
     * Reports it; called on the loop's thread, while the body holds the turn.
     *
     * @param blocker what the body's thread is parked on
     */
    void blocked(Object blocker);
  }

  private static volatile @Nullable BlockedBody blockedBody;

  /**
   * Sets who hears of a body blocked on a lock (the core, once), and where the watch finds the
   * loops that may wait for one.
   *
   * @param r the reporter
   * @param loopThreads the threads running the loops of the virtual-threads engine now; called once
   *     a second while any runs, from the watch's own thread
   */
  public static void onBlockedBody(BlockedBody r, Supplier<List<Thread>> loopThreads) {
    blockedBody = r;
    BodyWatch.watch(loopThreads);
  }

  static void reportBlocked(Object blocker) {
    BlockedBody r = blockedBody;
    if (r != null) {
      r.blocked(blocker);
    }
  }

  /**
   * Whether a thread parked on {@code blocker} waits for a lock another holder must release: a
   * ReentrantLock, a read-write lock, a Semaphore or a StampedLock of java.util.concurrent.
   */
  static boolean isLock(@Nullable Object blocker) {
    if (blocker == null) {
      return false;
    }
    String c = blocker.getClass().getName();
    return c.startsWith("java.util.concurrent.locks.ReentrantLock$")
        || c.startsWith("java.util.concurrent.locks.ReentrantReadWriteLock$")
        || c.startsWith("java.util.concurrent.Semaphore$")
        || c.equals("java.util.concurrent.locks.StampedLock");
  }

  /** Loaded only when continuations are available: its class links against jdk.internal.vm. */
  private static final class ContinuationHolder {
    static final Function<Runnable, Strand> FACTORY = ContinuationStrand::new;
  }
}
