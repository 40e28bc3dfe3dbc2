package io.jasyncio.internal;

/**
 * A write buffer's marks, for every transport (sockets, memory, pipes): asyncio's flow control,
 * which pauses the protocol above {@code high} buffered bytes and resumes it at {@code low} or
 * below.
 *
 * @param high the high-water mark
 * @param low the low-water mark
 */
public record WaterMarks(int high, int low) {
  /** asyncio's defaults: 64 KiB and 16 KiB. */
  public static final WaterMarks DEFAULT = new WaterMarks(64 * 1024, 16 * 1024);

  /** Checks {@code 0 <= low <= high}. */
  public WaterMarks {
    if (!(0 <= low && low <= high)) {
      throw new IllegalArgumentException(
          "high (" + high + ") must be >= low (" + low + ") must be >= 0");
    }
  }

  /**
   * The marks {@code Transport.setWriteBufferLimits(high, low)} sets, as asyncio computes them: a
   * negative {@code high} is 64 KiB (or 4 x {@code low} if that is given), a negative {@code low}
   * is {@code high / 4}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= low <= high}
   */
  public static WaterMarks of(int high, int low) {
    int h = high < 0 ? (low < 0 ? DEFAULT.high() : 4 * low) : high;
    return new WaterMarks(h, low < 0 ? h / 4 : low);
  }
}
