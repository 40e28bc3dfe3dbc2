package io.jasyncio;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the loop reports to its {@link ExceptionHandler}: asyncio's exception handler context.
 *
 * @param message what happened, for example {@code "Task exception was never retrieved"}
 * @param exception the exception, if there is one
 * @param taskName the name of the task concerned, if any (kept even after the task was collected)
 * @param future the future or task concerned, if any and still reachable
 * @param handle the callback concerned, if any
 * @param sourceTraceback in debug mode, where the future or task was created (the caller's frames,
 *     most recent first; asyncio's {@code source_traceback}); empty otherwise
 */
public record ExceptionContext(
    String message,
    @Nullable Throwable exception,
    @Nullable String taskName,
    @Nullable Future<?> future,
    @Nullable Handle handle,
    List<StackTraceElement> sourceTraceback) {

  /**
   * Checks the message and copies the traceback.
   *
   * @throws NullPointerException if {@code message} or {@code sourceTraceback} is null
   */
  public ExceptionContext {
    java.util.Objects.requireNonNull(message, "message: say what happened");
    sourceTraceback =
        List.copyOf(
            java.util.Objects.requireNonNull(
                sourceTraceback, "sourceTraceback: pass List.of() when there is none"));
  }

  /**
   * A context with no source traceback.
   *
   * @param message what happened
   * @param exception the exception, if there is one
   * @param taskName the name of the task concerned, if any
   * @param future the future or task concerned, if any
   * @param handle the callback concerned, if any
   */
  public ExceptionContext(
      String message,
      @Nullable Throwable exception,
      @Nullable String taskName,
      @Nullable Future<?> future,
      @Nullable Handle handle) {
    this(message, exception, taskName, future, handle, List.of());
  }

  /** Returns the message followed by the task's name and the callback, one per line. */
  public String describe() {
    StringBuilder sb = new StringBuilder(message);
    if (taskName != null) {
      sb.append("\ntask: ").append(taskName);
    }
    if (future != null && !(future instanceof Task)) {
      sb.append("\nfuture: ").append(future);
    }
    if (handle != null) {
      sb.append("\nhandle: ").append(handle);
    }
    if (!sourceTraceback.isEmpty()) {
      sb.append("\ncreated at:");
      for (StackTraceElement e : sourceTraceback) {
        sb.append("\n\tat ").append(e);
      }
    }
    return sb.toString();
  }
}
