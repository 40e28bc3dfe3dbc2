package io.jasyncio.internal;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.jspecify.annotations.Nullable;

/**
 * A task body as a {@code jdk.internal.vm.Continuation}, run on the loop thread itself: a switch is
 * a freeze of the body's frames and a return to the loop, with no thread hand-off.
 */
final class ContinuationStrand extends Continuation implements Strand {
  private static final ContinuationScope SCOPE = new ContinuationScope("jasyncio");

  ContinuationStrand(Runnable body) {
    super(SCOPE, body);
  }

  @Override
  public void resume() {
    run();
  }

  @Override
  public void suspend() {
    Continuation.yield(SCOPE);
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
