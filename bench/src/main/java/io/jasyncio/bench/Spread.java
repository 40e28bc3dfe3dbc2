package io.jasyncio.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The median of some samples and how far they spread: the lowest and highest sample when there are
 * fewer than {@value #IQR_FROM} (a quartile of 3 samples says nothing the extremes do not), else
 * the interquartile range, Q1 to Q3, by linear interpolation between the sorted samples (numpy's
 * default, R's type 7).
 *
 * @param median the median; NaN when there is no sample
 * @param low the lowest sample, or Q1
 * @param high the highest sample, or Q3
 * @param n how many samples (NaN ones are left out)
 */
public record Spread(double median, double low, double high, int n) {
  /** From this many samples on, the spread is the interquartile range. */
  public static final int IQR_FROM = 5;

  /** What {@link #cell} shows in brackets, for a report's header. */
  public static final String EXPLAINED =
      "the spread in square brackets is the lowest and highest sample when there are fewer than "
          + IQR_FROM
          + " samples, else the interquartile range (Q1..Q3, linear interpolation)";

  /** The spread of {@code xs}, NaN values left out. */
  public static Spread of(List<Double> xs) {
    List<Double> s = new ArrayList<>();
    for (double x : xs) {
      if (!Double.isNaN(x)) {
        s.add(x);
      }
    }
    s.sort(null);
    int k = s.size();
    if (k == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    if (k < IQR_FROM) {
      return new Spread(quantile(s, 0.5), s.get(0), s.get(k - 1), k);
    }
    return new Spread(quantile(s, 0.5), quantile(s, 0.25), quantile(s, 0.75), k);
  }

  /** The {@code q}-quantile of sorted, non-empty {@code s}, interpolated between neighbours. */
  static double quantile(List<Double> s, double q) {
    double h = (s.size() - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, s.size() - 1);
    return s.get(lo) + (h - lo) * (s.get(hi) - s.get(lo));
  }

  /** Whether the bracket is Q1..Q3 rather than min..max. */
  public boolean isInterquartile() {
    return n >= IQR_FROM;
  }

  /**
   * The median and, from 2 samples on, its spread: {@code 417 [402..431]}; {@code n/a} without
   * samples.
   */
  public String cell(DoubleFunction<String> fmt) {
    if (n == 0) {
      return "n/a";
    }
    String m = fmt.apply(median);
    return n == 1 ? m : m + " [" + fmt.apply(low) + ".." + fmt.apply(high) + "]";
  }

  /** {@link #cell} with {@link Runs#fmt}. */
  public String cell() {
    return cell(Runs::fmt);
  }
}
