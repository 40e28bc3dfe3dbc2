package io.jasyncio.sync;

/** getNowait() on an empty queue: asyncio's {@code QueueEmpty}. */
public class QueueEmpty extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened
   */
  public QueueEmpty(String message) {
    super(message);
  }
}
