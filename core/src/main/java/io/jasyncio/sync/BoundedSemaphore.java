package io.jasyncio.sync;

/**
 * A {@link Semaphore} that refuses to be released more often than acquired: asyncio's {@code
 * BoundedSemaphore}.
 */
public final class BoundedSemaphore extends Semaphore {
  private final int bound;

  /** A bounded semaphore with one permit. */
  public BoundedSemaphore() {
    this(1);
  }

  /**
   * @param value the initial, and greatest, number of permits
   * @throws IllegalArgumentException if it is negative
   */
  public BoundedSemaphore(int value) {
    super(value);
    this.bound = value;
  }

  /**
   * Gives a permit back.
   *
   * @throws IllegalStateException if that would exceed the initial number of permits
   */
  @Override
  public void release() {
    checkThread("BoundedSemaphore.release");
    if (value >= bound) {
      throw new IllegalStateException(
          "BoundedSemaphore released too many times: it has " + bound + " permits");
    }
    super.release();
  }
}
