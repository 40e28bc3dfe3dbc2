package io.jasyncio.bench;

import io.jasyncio.bench.BenchMain.Failure;
import io.jasyncio.bench.BenchMain.Results;
import io.jasyncio.bench.BenchMain.Size;
import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns samples into the table of medians with their spread, the target checks, the markdown and
 * the CSV of every sample.
 */
final class Report {
  /** One row of the table: a metric of one case, by peer. */
  record Row(String label, String unit, boolean lowerIsBetter, Case c, Map<String, Spread> byPeer) {
    /** The peer's median, or NaN. */
    double of(String peer) {
      Spread s = byPeer.get(peer);
      return s == null ? Double.NaN : s.median();
    }
  }

  /**
   * A target of the benchmark issue: {@code peer}'s metric is at most (or, for higher-is-better
   * metrics, at least) {@code factor} times {@code other}'s.
   */
  record Target(String rowLabel, String peer, String other, double factor, String bound) {}

  private final Results results;
  private final List<Peer> peers;
  private final List<String> notes;
  private final Size size;
  private final int reps;
  private final List<String> jmh;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Row> byKey = new LinkedHashMap<>();

  Report(
      Results results,
      List<Peer> peers,
      List<String> notes,
      Size size,
      int reps,
      List<String> jmh) {
    this.results = results;
    this.peers = peers;
    this.notes = notes;
    this.size = size;
    this.reps = reps;
    this.jmh = jmh;
    build();
  }

  /** The metric of a case that its row shows, per sample. */
  static ToDoubleFunction<Sample> metric(Workload w) {
    return switch (w) {
      case W1, W4 -> s -> s.seconds() * 1e9 / s.ops();
      case W3, W5 -> s -> s.ops() / s.seconds();
      case W2 -> Sample::seconds;
    };
  }

  private void build() {
    Case w2Base = null;
    for (Case c : results.samples.keySet()) {
      switch (c.workload()) {
        case W1, W4 -> add(key(c), c.label(), "ns/switch", true, c, metric(c.workload()));
        case W3 -> add(key(c), c.label(), "tasks/s", false, c, metric(c.workload()));
        case W5 -> add(key(c), c.label(), "items/s", false, c, metric(c.workload()));
        case W2 -> {
          if (c.n() == 1) {
            w2Base = c;
            continue;
          }
          add(key(c) + " wall", c.label() + ", wall", "s", true, c, Sample::seconds);
          add(
              key(c) + " rss",
              c.label() + ", peak RSS",
              "MiB",
              true,
              c,
              s -> s.rssBytes() < 0 ? Double.NaN : s.rssBytes() / 1048576.0);
          if (w2Base != null) {
            Map<String, Spread> perTask = new LinkedHashMap<>();
            for (Peer p : peers) {
              perTask.put(p.name(), Spread.of(bytesPerTask(w2Base, c, p.name())));
            }
            Row r = new Row(c.label() + ", RSS per task above N=1", "bytes", true, c, perTask);
            rows.add(r);
            byKey.put(key(c) + " bytes/task", r);
          }
        }
      }
    }
  }

  /**
   * Per repetition: (peak RSS at N - peak RSS at N=1 in the same repetition) / N. Pairing by
   * repetition keeps the two runs that ran closest in time together.
   */
  private List<Double> bytesPerTask(Case base, Case c, String peer) {
    List<Double> xs = new ArrayList<>();
    for (Sample s : results.of(c, peer)) {
      for (Sample b : results.of(base, peer)) {
        if (b.rep() == s.rep() && s.rssBytes() >= 0 && b.rssBytes() >= 0) {
          xs.add((s.rssBytes() - b.rssBytes()) / (double) c.n());
        }
      }
    }
    return xs;
  }

  private static String key(Case c) {
    return c.workload() + (c.workload() == Workload.W4 ? " d" + c.depth() : "") + " n" + c.n();
  }

  private void add(
      String key,
      String label,
      String unit,
      boolean lower,
      Case c,
      ToDoubleFunction<Sample> metric) {
    Map<String, Spread> m = new LinkedHashMap<>();
    for (Peer p : peers) {
      List<Double> xs = new ArrayList<>();
      for (Sample s : results.of(c, p.name())) {
        xs.add(metric.applyAsDouble(s));
      }
      m.put(p.name(), Spread.of(xs));
    }
    Row r = new Row(label, unit, lower, c, m);
    rows.add(r);
    byKey.put(key, r);
  }

  List<Row> rows() {
    return rows;
  }

  /**
   * The table for the terminal and the markdown: medians with their spread, and each peer's ratio
   * of medians to jasyncio's.
   */
  List<String> table() {
    List<String> out = new ArrayList<>();
    StringBuilder h = new StringBuilder("| workload | unit |");
    StringBuilder sep = new StringBuilder("|---|---|");
    for (Peer p : peers) {
      h.append(' ').append(p.name()).append(" |");
      sep.append("---:|");
    }
    out.add(h.toString());
    out.add(sep.toString());
    for (Row r : rows) {
      StringBuilder sb =
          new StringBuilder("| ")
              .append(r.label())
              .append(" | ")
              .append(r.unit())
              .append(r.lowerIsBetter() ? " (lower is better)" : " (higher is better)")
              .append(" |");
      double ref = r.of(Peer.JASYNCIO_CONT);
      for (Peer p : peers) {
        Spread v = r.byPeer().get(p.name());
        List<Failure> failed = results.failuresOf(r.c(), p.name());
        sb.append(' ');
        if ((v == null || v.n() == 0) && !failed.isEmpty()) {
          sb.append(failed.stream().allMatch(Failure::timedOut) ? "timed out" : "failed");
        } else {
          sb.append(v == null ? "n/a" : v.cell());
          if (v != null
              && !p.name().equals(Peer.JASYNCIO_CONT)
              && !Double.isNaN(v.median())
              && ref > 0) {
            sb.append(String.format(Locale.ROOT, " (%.2fx)", v.median() / ref));
          }
          if (!failed.isEmpty()) {
            sb.append(" (").append(failed.size()).append(" failed)");
          }
        }
        sb.append(" |");
      }
      out.add(sb.toString());
    }
    return out;
  }

  /** Every sample as CSV rows: what the worker reported, and the metric its row shows. */
  List<Csv.Row> csv() {
    List<Csv.Row> out = new ArrayList<>();
    for (Case c : results.samples.keySet()) {
      String w = c.workload() == Workload.W4 ? "W4 depth " + c.depth() : c.workload().name();
      for (Peer p : peers) {
        for (Sample s : results.of(c, p.name())) {
          String peer = p.name();
          out.add(new Csv.Row("bench", w, peer, c.n(), s.rep(), "seconds", s.seconds(), "s"));
          out.add(new Csv.Row("bench", w, peer, c.n(), s.rep(), "ops", s.ops(), "count"));
          if (s.rssBytes() >= 0) {
            out.add(
                new Csv.Row("bench", w, peer, c.n(), s.rep(), "peak_rss", s.rssBytes(), "bytes"));
          }
          double m = metric(c.workload()).applyAsDouble(s);
          switch (c.workload()) {
            case W1, W4 ->
                out.add(new Csv.Row("bench", w, peer, c.n(), s.rep(), "switch_cost", m, "ns"));
            case W3 ->
                out.add(new Csv.Row("bench", w, peer, c.n(), s.rep(), "tasks_per_s", m, "1/s"));
            case W5 ->
                out.add(new Csv.Row("bench", w, peer, c.n(), s.rep(), "items_per_s", m, "1/s"));
            case W2 -> {}
          }
        }
      }
    }
    return out;
  }

  /**
   * Issue #14's targets, against Kotlin coroutines (they replace the first bench's, which asked for
   * less than the JDK's own switch costs, and are kept in git history): W2 at 1M on continuations
   * at most 0.85x Kotlin's wall time and 1.25x its peak RSS, W3 at 1M at least 1.5x its throughput,
   * W2 at 1M on virtual threads at most 2x its wall time, W1 at most 2.5x.
   */
  private List<Target> targetList() {
    String w2 = "W2 n" + size.w2[size.w2.length - 1];
    String w1 = "W1 n" + size.w1;
    String w3 = "W3 n" + size.w3;
    String c = Peer.JASYNCIO_CONT;
    String v = Peer.JASYNCIO_VT;
    return List.of(
        new Target(w2 + " wall", c, "kotlin", 0.85, "<= 0.85x Kotlin"),
        new Target(w2 + " rss", c, "kotlin", 1.25, "<= 1.25x Kotlin"),
        new Target(w3, c, "kotlin", 1.5, ">= 1.5x Kotlin"),
        new Target(w2 + " wall", v, "kotlin", 2, "<= 2x Kotlin"),
        new Target(w1, c, "kotlin", 2.5, "<= 2.5x Kotlin"));
  }

  /** The targets, each with the ratio measured in this run and whether it is met. */
  List<String> targets() {
    List<String> out = new ArrayList<>();
    out.add("| target | engine | bound | measured ratio | met |");
    out.add("|---|---|---|---:|---|");
    for (Target t : targetList()) {
      Row r = byKey.get(t.rowLabel());
      String label = r == null ? t.rowLabel() : r.label();
      double a = r == null ? Double.NaN : r.of(t.peer());
      double b = r == null ? Double.NaN : r.of(t.other());
      double ratio = a / b;
      String met;
      if (r == null || Double.isNaN(ratio)) {
        met = "not measured";
      } else if (r.lowerIsBetter()) {
        met = ratio <= t.factor() ? "yes" : "**no**";
      } else {
        met = ratio >= t.factor() ? "yes" : "**no**";
      }
      out.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s |",
              label,
              t.peer(),
              t.bound(),
              Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.3fx", ratio),
              met));
    }
    return out;
  }

  String markdown(String date) {
    StringBuilder sb = new StringBuilder();
    sb.append("## Results (generated ").append(date).append(")\n\n");
    sb.append("Size: `")
        .append(size.name().toLowerCase(Locale.ROOT))
        .append("`, ")
        .append(reps)
        .append(" repetitions of every case, peers interleaved; each cell is the median; ")
        .append(Spread.EXPLAINED)
        .append("; in round brackets the peer's median divided by jasyncio-cont's. Every sample")
        .append(" is in `BENCHMARKS.csv` beside this file (")
        .append(Csv.HEADER)
        .append("), from which the table and the charts can be redrawn.\n\n");
    table().forEach(l -> sb.append(l).append('\n'));
    sb.append("\n### Targets (issue #14, against Kotlin coroutines)\n\n");
    targets().forEach(l -> sb.append(l).append('\n'));
    if (!jmh.isEmpty()) {
      sb.append("\n### JMH: hot paths of the core\n\n");
      jmh.forEach(l -> sb.append(l).append('\n'));
    }
    sb.append("\n### Charts\n\n");
    for (String c : Charts.FILES) {
      sb.append("![").append(c).append("](docs/bench/").append(c).append(")\n");
    }
    sb.append("\n### Peers\n\n");
    for (Peer p : peers) {
      sb.append("- `").append(p.name()).append("`: ").append(p.description()).append('\n');
    }
    for (String n : notes) {
      sb.append("- ").append(n).append('\n');
    }
    if (!results.failures.isEmpty()) {
      sb.append("\n### Failures\n\n");
      sb.append(
          "A run that failed or timed out measured nothing; the bench went on without it.\n\n");
      for (Failure f : results.failures) {
        sb.append("- ").append(shorten(f.describe().lines().findFirst().orElse(""))).append('\n');
      }
    }
    sb.append("\n### Machine\n\n");
    Machine.describe().forEach(l -> sb.append("- ").append(l).append('\n'));
    sb.append("\n### Commands and flags\n\n");
    sb.append("Every worker runs in its own process under `/usr/bin/time -v` (peak RSS), and is")
        .append(
            " killed with its child processes if it runs past its timeout (`--timeout S`).\n\n");
    for (Peer p : peers) {
      sb.append("- `")
          .append(p.name())
          .append("`: `")
          .append(shorten(String.join(" ", p.command())))
          .append(" WORKLOAD N DEPTH`\n");
    }
    sb.append('\n');
    return sb.toString();
  }

  /** The class path is long and machine-specific: show it as {@code <bench class path>}. */
  static String shorten(String cmd) {
    String cp = System.getProperty("java.class.path");
    String s = cmd.replace(cp, "<bench class path>");
    String java = ProcessHandle.current().info().command().orElse("java");
    String repo = Path.of(".").toAbsolutePath().normalize() + "/";
    return s.replace(java, "java").replace(repo, "");
  }
}
