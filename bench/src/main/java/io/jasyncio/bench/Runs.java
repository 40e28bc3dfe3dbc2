package io.jasyncio.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
   * @param seconds wall time of the measured region, as the worker reports it
   * @param ops what it counted in that time
   * @param rssBytes peak resident set size of the whole process, or -1 if unknown
   */
  record Sample(double seconds, long ops, long rssBytes) {}

  private static final Pattern RESULT = Pattern.compile("RESULT seconds=([0-9.]+) ops=([0-9]+)");
  private static final Pattern RSS =
      Pattern.compile("Maximum resident set size \\(kbytes\\): ([0-9]+)");

  static Sample run(Peer peer, Case c, Path logDir, int timeoutMinutes)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
    if (gnuTime) {
      cmd.add("/usr/bin/time");
      cmd.add("-v");
    }
    cmd.addAll(peer.commandFor(c.workload(), c.n(), c.depth()));
    Files.createDirectories(logDir);
    Path err = logDir.resolve("last-" + peer.name() + ".stderr");
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(peer.name() + " " + c.label() + ": timed out");
    }
    String stdout = new String(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    Matcher m = RESULT.matcher(stdout);
    if (p.exitValue() != 0 || !m.find()) {
      throw new IOException(
          peer.name()
              + " "
              + c.label()
              + " failed (exit "
              + p.exitValue()
              + "): "
              + String.join(" ", cmd)
              + "\n"
              + stdout
              + tail(stderr, 2000));
    }
    Matcher r = RSS.matcher(stderr);
    long rss = r.find() ? Long.parseLong(r.group(1)) * 1024 : -1;
    return new Sample(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), rss);
  }

  private static String tail(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max);
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
