package io.jasyncio;

import org.jspecify.annotations.Nullable;

/**
 * What the loop reports to its {@link ExceptionHandler}: asyncio's exception handler context.
 *
 * @param message what happened, for example {@code "Task exception was never retrieved"}
 * @param exception the exception, if there is one
 * @param taskName the name of the task concerned, if any (kept even after the task was collected)
 * @param future the future or task concerned, if any and still reachable
 * @param handle the callback concerned, if any
 */
public record ExceptionContext(
    String message,
    @Nullable Throwable exception,
    @Nullable String taskName,
    @Nullable Future<?> future,
    @Nullable Handle handle) {

  /**
   * @return the message followed by the task's name and the callback, one per line
   */
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
    return sb.toString();
  }
}
