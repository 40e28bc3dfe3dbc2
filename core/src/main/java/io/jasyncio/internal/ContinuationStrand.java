package io.jasyncio.internal;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import jdk.internal.vm.ScopedValueContainer;
import org.jspecify.annotations.Nullable;

/**
 * A task body as a {@code jdk.internal.vm.Continuation}, run on the loop thread itself: a switch is
 * a freeze of the body's frames and a return to the loop, with no thread hand-off.
 */
final class ContinuationStrand extends Continuation implements Strand {
  /*
   * ScopedValue bindings belong to the thread, and every body runs on the loop thread: a body that
   * suspended inside ScopedValue.where(...).run/call would leave its bindings on the thread for the
   * other tasks to see (a silent wrong value), and find the loop's when it resumes. So a suspension
   * with other bindings than the resume had is refused, as a suspension inside a monitor is
   * (onPinned). `bindingsAtResume` is the thread's raw bindings field (a Snapshot; Thread.class for
   * none yet; null for "unknown, walk the stack") when resume() started; the loop thread only.
   */
  private static final ContinuationScope SCOPE = new ContinuationScope("jasyncio");

  /**
   * The thread's bindings after a scope closed on a thread that had none: the empty snapshot. Found
   * on first need, not in the class initializer, whose probe thread would wait for that initializer
   * (racy but idempotent: every thread finds the same object).
   */
  private static @Nullable Object emptyBindings;

  private @Nullable Object bindingsAtResume;

  ContinuationStrand(Runnable body) {
    super(SCOPE, body);
  }

  @Override
  public void resume() {
    bindingsAtResume = bindings();
    run();
  }

  @Override
  public void suspend() {
    Object then = bindingsAtResume;
    Object now = bindings();
    if (now != then && then != null && !(isEmpty(now) && isEmpty(then))) {
      throw new IllegalStateException(
          "a task cannot suspend inside a ScopedValue scope (ScopedValue.where(...).run or call)"
              + " on the continuations engine: every task runs on the loop thread, so the other"
              + " tasks would see its bindings. Await outside the scope, keep the value in a"
              + " ContextVar (task-local, like asyncio's contextvars), or use the virtual-threads"
              + " engine (-Djasyncio.engine=virtual-threads)");
    }
    Continuation.yield(SCOPE);
  }

  private static @Nullable Object bindings() {
    return ScopedValueContainer.captureBindings().scopedValueBindings();
  }

  private static boolean isEmpty(@Nullable Object b) {
    if (b == Thread.class) {
      return true;
    }
    Object empty = emptyBindings;
    if (empty == null) {
      empty = findEmptyBindings();
      emptyBindings = empty;
    }
    return b == empty;
  }

  private static Object findEmptyBindings() {
    ScopedValue<Boolean> probe = ScopedValue.newInstance();
    @Nullable Object[] empty = new Object[1];
    Thread t =
        Thread.ofPlatform()
            .name("jasyncio-scoped-value-probe")
            .unstarted(
                () -> {
                  ScopedValue.where(probe, Boolean.TRUE).run(() -> {});
                  empty[0] = bindings(); // the closed scope's prev: the empty snapshot
                });
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join(); // the probe takes microseconds: an interrupt waits for it, then is set again
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Object e = empty[0];
    if (e == null) {
      throw new IllegalStateException("the ScopedValue probe thread found no bindings");
    }
    return e;
  }

  @Override
  public StackTraceElement[] stackTrace() {
    return isDone() ? new StackTraceElement[0] : getStackTrace();
  }

  @Override
  public @Nullable Thread thread() {
    return null;
  }

  @Override
  protected void onPinned(Continuation.Pinned reason) {
    String where =
        switch (reason) {
          case NATIVE -> "a native frame or a static initializer (<clinit>)";
          case MONITOR -> "a held Java monitor (synchronized)";
          case CRITICAL_SECTION -> "a JDK critical section";
          default -> "a frame that cannot be frozen (" + reason + ")";
        };
    throw new IllegalStateException(
        "a task cannot suspend here: its stack holds "
            + where
            + ". Move the await point out of that code, or use the virtual-threads engine"
            + " (-Djasyncio.engine=virtual-threads)");
  }
}
