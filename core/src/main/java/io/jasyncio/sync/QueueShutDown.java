package io.jasyncio.sync;

/** put or get on a queue that was shut down: asyncio's {@code QueueShutDown}. */
public class QueueShutDown extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what happened
   */
  public QueueShutDown(String message) {
    super(message);
  }
}
