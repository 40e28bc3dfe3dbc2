package io.jasyncio.sync;

/** A {@link Barrier} was reset or aborted: asyncio's {@code BrokenBarrierError}. */
public class BrokenBarrierError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message why
   */
  public BrokenBarrierError(String message) {
    super(message);
  }
}
