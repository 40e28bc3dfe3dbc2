package io.jasyncio.sync;

/** putNowait() on a full queue: asyncio's {@code QueueFull}. */
public class QueueFull extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened
   */
  public QueueFull(String message) {
    super(message);
  }
}
