package io.jasyncio.bench;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress of a long run on stderr, one line per run of a case: the line starts when the run starts
 * ({@code [12/180] W2 lesson, N=100k jasyncio-cont rep 2/3 ... }) and ends with what it measured
 * and the time so far and left ({@code 1.234 s (elapsed 3m10s, about 5m left)}).
 *
 * <p>The time left is estimated run by run: a run whose key (its case and peer) has run before is
 * expected to take what it took then; any other, the mean of the runs so far. From the second
 * repetition on, the estimate is therefore close.
 *
 * <p>Not thread-safe: one runner thread calls {@link #start} and {@link #end} in turn.
 */
public final class Progress {
  private final List<String> plan;
  private final PrintStream out;
  private final LongSupplier nanoTime;
  private final long t0;
  private final Map<String, Double> took = new HashMap<>();
  private int current = -1;
  private long runStart;
  private double doneSeconds;
  private int done;

  /**
   * @param plan the key of every run, in the order they will run; the same key for runs expected to
   *     take as long (the same case in the same peer)
   * @param out where the lines go (stderr)
   * @param nanoTime the clock ({@code System::nanoTime})
   */
  public Progress(List<String> plan, PrintStream out, LongSupplier nanoTime) {
    this.plan = List.copyOf(plan);
    this.out = out;
    this.nanoTime = nanoTime;
    this.t0 = nanoTime.getAsLong();
  }

  /** Starts the line of run number {@code index} (from 0 in the plan's order). */
  public void start(int index, String what) {
    current = index;
    runStart = nanoTime.getAsLong();
    out.printf(Locale.ROOT, "[%d/%d] %s ... ", index + 1, plan.size(), what);
    out.flush();
  }

  /** Ends the line of the current run with {@code result}, the time elapsed and the time left. */
  public void end(String result) {
    long now = nanoTime.getAsLong();
    double s = (now - runStart) / 1e9;
    took.putIfAbsent(plan.get(current), s);
    doneSeconds += s;
    done++;
    double mean = doneSeconds / done;
    double left = 0;
    for (int i = current + 1; i < plan.size(); i++) {
      left += took.getOrDefault(plan.get(i), mean);
    }
    out.printf(
        Locale.ROOT,
        "%s (elapsed %s, %s)%n",
        result,
        duration((now - t0) / 1e9),
        current + 1 == plan.size() ? "done" : "about " + duration(left) + " left");
    out.flush();
  }

  /** {@code 42s}, {@code 3m10s}, {@code 1h05m}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
