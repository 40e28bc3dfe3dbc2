package io.jasyncio.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Runs one worker process and reads what it measured, and its peak RSS from GNU time. */
public final class Runs {
  private Runs() {}

  /** A workload at one size: what a row of the table is about. */
  record Case(Workload workload, int n, int depth) {
    String label() {
      return switch (workload) {
        case W1 -> "W1 switch, N=" + human(n);
        case W2 -> "W2 lesson, N=" + human(n);
        case W3 -> "W3 spawn, N=" + human(n);
        case W4 -> "W4 deep stacks, depth " + depth + ", N=" + human(n);
        case W5 -> "W5 queue, N=" + human(n);
      };
    }
  }

  /**
   * What one run measured.
   *
   * @param rep the repetition it belongs to, from 1
   * @param seconds wall time of the measured region, as the worker reports it
   * @param ops what it counted in that time
   * @param rssBytes peak resident set size of the whole process, or -1 if unknown
   */
  record Sample(int rep, double seconds, long ops, long rssBytes) {}

  /**
   * How one run of a case in a peer ended: a sample, or why there is none.
   *
   * @param sample what it measured, or null if it failed or timed out
   * @param failure why there is no sample, or null
   * @param timedOut it was killed at its timeout
   */
  record Outcome(@Nullable Sample sample, @Nullable String failure, boolean timedOut) {}

  private static final Pattern RESULT = Pattern.compile("RESULT seconds=([0-9.]+) ops=([0-9]+)");
  private static final Pattern RSS =
      Pattern.compile("Maximum resident set size \\(kbytes\\): ([0-9]+)");

  /** Where GNU time is; without it, peak RSS is not measured. */
  static final Path GNU_TIME = Path.of("/usr/bin/time");

  /**
   * Runs {@code peer}'s worker for case {@code c} under GNU time (when there is one), with stderr
   * in {@code logDir}; a worker still running after {@code timeout} is killed with its whole
   * process tree. Never throws for the worker's sake: a failure or a timeout is an outcome.
   */
  static Outcome run(Peer peer, Case c, int rep, Path logDir, Duration timeout)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(GNU_TIME)) {
      cmd.add(GNU_TIME.toString());
      cmd.add("-v");
    }
    cmd.addAll(peer.commandFor(c.workload(), c.n(), c.depth()));
    Files.createDirectories(logDir);
    Path err = logDir.resolve("last-" + peer.name() + ".stderr");
    Worker.Result w;
    try {
      w = Worker.run(new ProcessBuilder(cmd).redirectError(err.toFile()), timeout);
    } catch (IOException e) {
      return new Outcome(null, "could not start " + String.join(" ", cmd) + ": " + e, false);
    }
    if (w.timedOut()) {
      return new Outcome(
          null,
          "timed out after "
              + timeout.toSeconds()
              + " s and was killed (with its child processes); stderr in "
              + err,
          true);
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Matcher m = RESULT.matcher(w.stdout());
    if (w.exitCode() != 0 || !m.find()) {
      return new Outcome(
          null,
          "failed (exit "
              + w.exitCode()
              + "): "
              + String.join(" ", cmd)
              + "\n"
              + w.stdout()
              + Worker.tail(stderr, 2000),
          false);
    }
    Matcher r = RSS.matcher(stderr);
    long rss = r.find() ? Long.parseLong(r.group(1)) * 1024 : -1;
    return new Outcome(
        new Sample(rep, Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), rss),
        null,
        false);
  }

  static String human(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }

  public static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int k = s.size();
    if (k == 0) {
      return Double.NaN;
    }
    return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
  }

  public static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
