package io.jasyncio.testing;

/**
 * The size of stress tests ({@code @Tag("stress")}): each scales its counts by {@link #scaled}, so
 * {@code ./jasyncio test -Djasyncio.stress=10} runs them ten times larger.
 */
public final class Stress {
  /** The system property with the multiplier (1 by default). */
  public static final String PROPERTY = "jasyncio.stress";

  private Stress() {}

  /** Returns {@code n} times the multiplier. */
  public static int scaled(int n) {
    int m = Integer.getInteger(PROPERTY, 1);
    if (m < 1) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + m + ": pass a multiplier >= 1");
    }
    return Math.multiplyExact(n, m);
  }
}
