package io.jasyncio.bench;

import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
import io.jasyncio.bench.echo.EchoLoad;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./jasyncio bench-growth}: how cost grows with work. W2 (N tasks sleep 1 s, gathered) and
 * W3 (create and gather N tasks that return at once) at every size of {@code --sizes}, in every
 * peer, each worker in its own process under GNU time, as {@code ./jasyncio bench} runs them.
 *
 * <p>The method: in every round, every case (W2 at N=1, the baseline of bytes per task; W2 at each
 * size; W3 at each size) runs once in every peer, the peers' order one further each round, so that
 * a noisy minute hurts all peers. W2's bytes per task pair each run with the same peer's N=1 run of
 * the same round. Every Java worker gets the same {@code -Xmx} ({@code --heap}, 16g by default:
 * enough for 5M tasks on every Java peer). asyncio and uvloop run only up to {@code --python-max}
 * tasks (1M by default), since at 5M CPython takes minutes and about 10 GB.
 *
 * <p>Noise: the series refuses to start when the 1-minute load average is above {@value #MAX_LOAD}
 * unless {@code --noisy}. Between runs the load average says little (the workers themselves lift it
 * towards 2), so each run instead records the CPU every other process used while it ran ({@link
 * EchoLoad.CpuMark}); a run in which they used more than {@value #MAX_OTHER_CPU} of a core is
 * disturbed, kept, and its cell marked {@code *}. Nothing is run again.
 *
 * <p>Writes {@code growth.md} (the tables of medians with their spread), {@code growth.csv} (every
 * sample) and the charts {@link #CHARTS} to {@code --out} (the repository's docs/bench by default).
 */
public final class Growth {
  private Growth() {}

  /** The 1-minute load average above which the series refuses to start without --noisy. */
  static final double MAX_LOAD = 1.0;

  /** Other processes' CPU use during a run above which it is disturbed, in cores. */
  static final double MAX_OTHER_CPU = 0.15;

  static final List<Integer> DEFAULT_SIZES = List.of(10_000, 100_000, 1_000_000, 5_000_000);
  static final List<Integer> SMOKE_SIZES = List.of(100, 1_000);
  static final int DEFAULT_PYTHON_MAX = 1_000_000;
  static final int DEFAULT_ROUNDS = 3;
  static final String DEFAULT_HEAP = "16g";
  static final int DEFAULT_TIMEOUT_SECONDS = 900;

  static final List<String> CHARTS =
      List.of(
          "growth-w2-wall.png",
          "growth-w2-above.png",
          "growth-w2-bytes.png",
          "growth-w3-spawn.png");

  /** What {@code --help} prints. */
  static final String USAGE =
      """
      usage: ./jasyncio bench-growth [OPTIONS]

      How cost grows with work: W2 (N tasks sleep 1 s, gathered: wall seconds, peak RSS, bytes
      per task above N=1) and W3 (create and gather N tasks: tasks per second) at every size, in
      jasyncio (both engines), Kotlin coroutines, virtual threads, the JDK's floor (bare
      continuations), asyncio and uvloop, each worker in its own process, peers interleaved in
      every round; writes growth.md (the tables),
      growth.csv (every sample) and the growth-*.png charts.

      Options:
        --sizes 10k,100k,1M,5M  the sizes N (k = 1,000, M = 1,000,000); W2 at N=1 always runs,
                          as the baseline of bytes per task
        --python-max N    asyncio and uvloop only up to N tasks (default 1M: at 5M CPython takes
                          minutes and about 10 GB)
        --rounds N        rounds (default 3)
        --heap SIZE       every Java worker's -Xmx (default 16g, enough for 5M tasks)
        --timeout S       kill a worker (and its child processes) after S seconds (default 900)
        --peers a,b,...   only these peers: jasyncio-cont, jasyncio-vt, kotlin, vthreads,
                          jdk-floor, asyncio, uvloop
        --noisy           run even on a busy machine (load average > 1); the results say so
        --install         install a missing uvloop (apt-get install python3-uvloop); without it,
                          uvloop is skipped and the report says how to get it
        --smoke           sizes 100,1k, 1 round, no load check (the test suite's run)
        --out DIR         write growth.md, growth.csv and the charts to DIR (default: the
                          repository's docs/bench; with --smoke, bench/target/growth-smoke)
        --repo DIR        the repository (the launcher passes it)
        -h, --help        this help

      Exit status: 0 when every run measured, 1 when one failed or timed out (the report still
      says which), 2 for a bad option or a busy machine.
      """;

  /** The parsed command line. */
  static final class Options {
    List<Integer> sizes = DEFAULT_SIZES;
    int pythonMax = DEFAULT_PYTHON_MAX;
    @Nullable Integer rounds;
    String heap = DEFAULT_HEAP;
    Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    @Nullable List<String> peers;
    boolean noisy;
    boolean install;
    boolean smoke;
    boolean help;
    @Nullable Path out;
    Path repo = Path.of(".");
    private boolean sizesGiven;

    /**
     * @throws IllegalArgumentException naming the option, for a bad command line
     */
    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> o.help = true;
          case "--sizes" -> {
            o.sizes = sizes(a, Cli.value(args, ++i, a));
            o.sizesGiven = true;
          }
          case "--python-max" -> o.pythonMax = count(a, Cli.value(args, ++i, a));
          case "--rounds" -> o.rounds = Cli.positive(a, Cli.value(args, ++i, a));
          case "--heap" -> o.heap = heap(a, Cli.value(args, ++i, a));
          case "--timeout" ->
              o.timeout = Duration.ofSeconds(Cli.positive(a, Cli.value(args, ++i, a)));
          case "--peers" -> o.peers = peers(a, Cli.value(args, ++i, a));
          case "--noisy" -> o.noisy = true;
          case "--install" -> o.install = true;
          case "--smoke" -> o.smoke = true;
          case "--out" -> o.out = Path.of(Cli.value(args, ++i, a));
          case "--repo" -> o.repo = Path.of(Cli.value(args, ++i, a));
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      if (o.smoke && !o.sizesGiven) {
        o.sizes = SMOKE_SIZES;
      }
      return o;
    }

    int rounds() {
      return rounds != null ? rounds : smoke ? 1 : DEFAULT_ROUNDS;
    }

    Path outDir() {
      if (out != null) {
        return out;
      }
      return smoke ? repo.resolve("bench/target/growth-smoke") : repo.resolve("docs/bench");
    }

    /** {@code 10k,100k,1M}: sorted, each once, every one at least 2 (N=1 is the baseline). */
    static List<Integer> sizes(String option, String v) {
      TreeSet<Integer> s = new TreeSet<>();
      for (String part : v.split(",", -1)) {
        int n = count(option, part);
        if (n < 2) {
          throw new IllegalArgumentException(
              option + ": sizes start at 2 (N=1, the baseline, always runs), not '" + part + "'");
        }
        s.add(n);
      }
      return List.copyOf(s);
    }

    /** A count: {@code 5000}, {@code 10_000}, {@code 10k}, {@code 5M}. */
    static int count(String option, String v) {
      String t = v.strip().replace("_", "");
      long unit = 1;
      if (t.endsWith("k") || t.endsWith("K")) {
        unit = 1_000;
      } else if (t.endsWith("M") || t.endsWith("m")) {
        unit = 1_000_000;
      }
      if (unit > 1) {
        t = t.substring(0, t.length() - 1);
      }
      try {
        long n = Long.parseLong(t) * unit;
        if (n >= 1 && n <= Integer.MAX_VALUE) {
          return (int) n;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException(
          option + " needs a whole number >= 1 such as 5000, 10k or 5M, not '" + v + "'");
    }

    static String heap(String option, String v) {
      if (!v.matches("[1-9][0-9]*[kKmMgG]?")) {
        throw new IllegalArgumentException(
            option + " needs a heap size for -Xmx such as 16g or 4096m, not '" + v + "'");
      }
      return v;
    }

    static List<String> peers(String option, String v) {
      List<String> ps = List.of(v.split(",", -1));
      for (String p : ps) {
        if (!Peer.NAMES.contains(p)) {
          throw new IllegalArgumentException(
              option
                  + ": no peer is called '"
                  + p
                  + "'; the peers: "
                  + String.join(", ", Peer.NAMES));
        }
      }
      return ps;
    }
  }

  /**
   * One run of a case in a peer.
   *
   * @param sample what it measured, or null if it failed or timed out
   * @param load the 1-minute load average when it started
   * @param otherCpu the cores every other process used while it ran; NaN if unknown
   * @param failure why there is no sample, or null
   */
  record Run(
      Case c,
      String peer,
      int round,
      @Nullable Sample sample,
      double load,
      double otherCpu,
      @Nullable String failure,
      boolean timedOut) {
    boolean disturbed() {
      return otherCpu > MAX_OTHER_CPU;
    }
  }

  /** What the series measured, and how the machine was meanwhile. */
  record Outcome(
      List<Peer> peers,
      List<Case> cases,
      List<Run> runs,
      List<String> notes,
      double loadBefore,
      double loadAfter,
      boolean noisy,
      String markdown) {
    List<Run> failures() {
      return runs.stream().filter(r -> r.sample() == null).toList();
    }
  }

  public static void main(String[] args) throws Exception {
    int status = cli(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses {@code args} and runs the series; returns the exit status: 0; 1 when a run failed or
   * timed out; 2 for a bad option (the error and the usage on {@code err}) or a busy machine.
   * {@code --help} prints the usage on {@code out} and returns 0.
   */
  static int cli(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      return Cli.usageError("bench-growth", e, USAGE, err);
    }
    if (o.help) {
      out.print(USAGE);
      return 0;
    }
    Outcome r;
    try {
      r = run(o, out, err);
    } catch (BusyException e) {
      err.println("bench-growth: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("bench-growth: " + e); // a file could not be written, or a worker not started
      return 1;
    }
    return r.failures().isEmpty() ? 0 : 1;
  }

  /** The machine is too busy to start, and --noisy was not given. */
  static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  static boolean isPython(String peer) {
    return peer.equals("asyncio") || peer.equals("uvloop");
  }

  static List<Case> cases(List<Integer> sizes) {
    List<Case> cs = new ArrayList<>();
    cs.add(new Case(Workload.W2, 1, 0));
    sizes.forEach(n -> cs.add(new Case(Workload.W2, n, 0)));
    sizes.forEach(n -> cs.add(new Case(Workload.W3, n, 0)));
    return cs;
  }

  static Outcome run(Options o, PrintStream out, PrintStream err)
      throws IOException, InterruptedException, BusyException {
    System.setProperty("java.awt.headless", "true");
    Path dir = o.outDir();
    List<String> notes = new ArrayList<>();
    if (!Files.isExecutable(Runs.GNU_TIME)) {
      notes.add(
          "peak RSS not measured: there is no GNU time at "
              + Runs.GNU_TIME
              + "; get it with `sudo apt-get install time`");
    }
    List<Peer> peers = Peer.discover(o.repo, o.peers, notes, o.install, List.of("-Xmx" + o.heap));
    if (peers.stream().anyMatch(p -> isPython(p.name()))
        && o.sizes.get(o.sizes.size() - 1) > o.pythonMax) {
      notes.add(
          "asyncio and uvloop ran up to N="
              + Runs.human(o.pythonMax)
              + " (--python-max); their larger sizes were not run");
    }
    notes.forEach(n -> err.println("bench-growth: " + n));
    List<Case> cases = cases(o.sizes);
    int rounds = o.rounds();
    double load0 = Machine.loadAverage();
    out.printf(
        Locale.ROOT,
        "bench-growth: sizes %s, %d round(s), %d peer(s), -Xmx%s; load average %.2f%n",
        String.join(",", o.sizes.stream().map(Runs::human).toList()),
        rounds,
        peers.size(),
        o.heap,
        load0);
    if (!o.smoke && !o.noisy && load0 > MAX_LOAD) {
      throw new BusyException(
          String.format(
              Locale.ROOT,
              "the machine is busy (1-minute load average %.2f > %.1f on %d cores): run again"
                  + " when it is quiet, or pass --noisy to run anyway (results marked noisy)",
              load0,
              MAX_LOAD,
              Runtime.getRuntime().availableProcessors()));
    }

    List<String> plan = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      for (Case c : cases) {
        for (Peer p : order(peers, round)) {
          if (runs(p, c, o)) {
            plan.add(c.label() + "|" + p.name());
          }
        }
      }
    }
    // The workers' stderr: beside the results, but never among the repository's docs.
    Path logs =
        o.out == null && !o.smoke
            ? o.repo.resolve("bench/target/growth-logs")
            : dir.resolve("growth-logs");
    Progress bar = new Progress(plan, err, System::nanoTime);
    List<Run> runs = new ArrayList<>();
    List<Long> ours = List.of(ProcessHandle.current().pid());
    int i = 0;
    for (int round = 1; round <= rounds; round++) {
      for (Case c : cases) {
        for (Peer p : order(peers, round)) {
          if (!runs(p, c, o)) {
            continue;
          }
          double load = Machine.loadAverage();
          bar.start(
              i++,
              String.format(
                  Locale.ROOT,
                  "%s  %s  round %d/%d  load %.2f",
                  c.label(),
                  p.name(),
                  round,
                  rounds,
                  load));
          EchoLoad.CpuMark before = EchoLoad.CpuMark.now(ours);
          Runs.Outcome ro = Runs.run(p, c, round, logs, o.timeout);
          double other = EchoLoad.CpuMark.now(ours).coresSince(before);
          Run r =
              new Run(c, p.name(), round, ro.sample(), load, other, ro.failure(), ro.timedOut());
          runs.add(r);
          bar.end(progress(r));
        }
      }
    }
    double load1 = Machine.loadAverage();
    boolean noisy = load0 > MAX_LOAD || runs.stream().anyMatch(Run::disturbed);

    Files.createDirectories(dir);
    String md =
        markdown(o, peers, cases, runs, notes, load0, load1, LocalDate.now(ZoneId.systemDefault()));
    Files.writeString(dir.resolve("growth.md"), md, StandardCharsets.UTF_8);
    Csv.write(dir.resolve("growth.csv"), csv(cases, runs));
    charts(peers, cases, runs, dir);
    out.println();
    tables(peers, cases, runs, o.pythonMax).forEach(out::println);
    out.println();
    notes.forEach(n -> out.println("bench-growth: note: " + n));
    runs.stream()
        .filter(r -> r.sample() == null)
        .forEach(
            r ->
                out.println(
                    "bench-growth: FAILED "
                        + r.c().label()
                        + ", "
                        + r.peer()
                        + ", round "
                        + r.round()
                        + ": "
                        + firstLine(String.valueOf(r.failure()))));
    out.printf(
        Locale.ROOT,
        "bench-growth: load average %.2f before, %.2f after; %d of %d runs disturbed%s%n",
        load0,
        load1,
        runs.stream().filter(Run::disturbed).count(),
        runs.size(),
        noisy ? " (NOISY: their cells are marked *)" : "");
    out.println("bench-growth: wrote " + dir.resolve("growth.md").toAbsolutePath().normalize());
    out.println(
        "bench-growth: samples in " + dir.resolve("growth.csv").toAbsolutePath().normalize());
    return new Outcome(
        List.copyOf(peers),
        List.copyOf(cases),
        List.copyOf(runs),
        List.copyOf(notes),
        load0,
        load1,
        noisy,
        md);
  }

  /** The peers in round {@code round}'s order: each round starts one further. */
  static List<Peer> order(List<Peer> peers, int round) {
    List<Peer> ps = new ArrayList<>();
    for (int k = 0; k < peers.size(); k++) {
      ps.add(peers.get((k + round - 1) % peers.size()));
    }
    return ps;
  }

  private static boolean runs(Peer p, Case c, Options o) {
    return !isPython(p.name()) || c.n() <= o.pythonMax;
  }

  private static String progress(Run r) {
    Sample s = r.sample();
    String other =
        Double.isNaN(r.otherCpu())
            ? ""
            : String.format(
                Locale.ROOT,
                "  others %.2f cores%s",
                r.otherCpu(),
                r.disturbed() ? " (disturbed)" : "");
    if (s == null) {
      return (r.timedOut() ? "TIMED OUT: " : "FAILED: ") + firstLine(String.valueOf(r.failure()));
    }
    return String.format(
            Locale.ROOT,
            "%s s  ops=%d  rss=%s",
            Runs.fmt(s.seconds()),
            s.ops(),
            s.rssBytes() < 0 ? "?" : Runs.fmt(s.rssBytes() / 1048576.0) + " MiB")
        + other;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }

  // --- the figures ------------------------------------------------------------------------------

  /** A metric of the series: one table and (for most) one chart. */
  record Metric(
      String title,
      String unit,
      Workload workload,
      boolean higherIsBetter,
      DoubleFunction<String> fmt,
      Figure figure) {}

  /** A metric's value for one run, given the peer's runs of the same round (for a baseline). */
  interface Figure {
    double of(Run r, List<Run> all);
  }

  static final Metric WALL =
      new Metric(
          "W2: N tasks sleep 1 s, gathered: wall time",
          "s",
          Workload.W2,
          false,
          Runs::fmt,
          (r, all) -> seconds(r));
  static final Metric ABOVE =
      new Metric(
          "W2: time above the 1 s sleep, per task",
          "µs per task",
          Workload.W2,
          false,
          Runs::fmt,
          (r, all) -> (seconds(r) - 1) * 1e6 / r.c().n());
  static final Metric RSS =
      new Metric(
          "W2: peak RSS of the whole process",
          "MiB",
          Workload.W2,
          false,
          Runs::fmt,
          (r, all) -> rss(r) / 1048576.0);
  static final Metric BYTES =
      new Metric(
          "W2: peak RSS per task above the N=1 run of the same round",
          "bytes per task",
          Workload.W2,
          false,
          v -> String.format(Locale.ROOT, "%.0f", v),
          Growth::bytesPerTask);
  static final Metric SPAWN =
      new Metric(
          "W3: create and gather N tasks",
          "tasks per second",
          Workload.W3,
          true,
          Runs::fmt,
          (r, all) -> r.sample() == null ? Double.NaN : r.sample().ops() / r.sample().seconds());

  static final List<Metric> METRICS = List.of(WALL, ABOVE, RSS, BYTES, SPAWN);

  private static double seconds(Run r) {
    Sample s = r.sample();
    return s == null ? Double.NaN : s.seconds();
  }

  private static double rss(Run r) {
    Sample s = r.sample();
    return s == null || s.rssBytes() < 0 ? Double.NaN : s.rssBytes();
  }

  /** (peak RSS at N - peak RSS at N=1 of the same peer and round) / N; NaN without a baseline. */
  static double bytesPerTask(Run r, List<Run> all) {
    for (Run b : all) {
      if (b.c().workload() == Workload.W2
          && b.c().n() == 1
          && b.peer().equals(r.peer())
          && b.round() == r.round()) {
        return (rss(r) - rss(b)) / r.c().n();
      }
    }
    return Double.NaN;
  }

  /** The sizes of {@code m}'s workload, N=1 left out. */
  private static List<Case> casesOf(Metric m, List<Case> cases) {
    return cases.stream().filter(c -> c.workload() == m.workload() && c.n() > 1).toList();
  }

  private static List<Run> runsOf(Case c, String peer, List<Run> runs) {
    return runs.stream().filter(r -> r.c().equals(c) && r.peer().equals(peer)).toList();
  }

  /** {@code m}'s spread over a peer's runs of a case. */
  static Spread spread(Metric m, Case c, String peer, List<Run> runs) {
    List<Double> xs = new ArrayList<>();
    for (Run r : runsOf(c, peer, runs)) {
      if (r.sample() != null) {
        xs.add(m.figure().of(r, runs));
      }
    }
    return Spread.of(xs);
  }

  /** One markdown table per metric: a row per size, a column per peer. */
  static List<String> tables(List<Peer> peers, List<Case> cases, List<Run> runs, int pythonMax) {
    List<String> out = new ArrayList<>();
    for (Metric m : METRICS) {
      out.add(
          "**"
              + m.title()
              + "**, "
              + m.unit()
              + (m.higherIsBetter() ? " (higher is better)" : " (lower is better)"));
      out.add("");
      StringBuilder h = new StringBuilder("| N |");
      StringBuilder sep = new StringBuilder("|---:|");
      for (Peer p : peers) {
        h.append(' ').append(p.name()).append(" |");
        sep.append("---:|");
      }
      out.add(h.toString());
      out.add(sep.toString());
      for (Case c : casesOf(m, cases)) {
        StringBuilder row = new StringBuilder("| " + Runs.human(c.n()) + " |");
        for (Peer p : peers) {
          row.append(' ').append(cell(m, c, p.name(), runs, pythonMax)).append(" |");
        }
        out.add(row.toString());
      }
      out.add("");
    }
    return out;
  }

  private static String cell(Metric m, Case c, String peer, List<Run> runs, int pythonMax) {
    if (isPython(peer) && c.n() > pythonMax) {
      return "not run";
    }
    List<Run> rs = runsOf(c, peer, runs);
    Spread s = spread(m, c, peer, runs);
    long failed = rs.stream().filter(r -> r.sample() == null).count();
    if (s.n() == 0) {
      if (failed == 0) {
        return "n/a";
      }
      return rs.stream().allMatch(Run::timedOut) ? "timed out" : "failed";
    }
    String cell = s.cell(m.fmt());
    if (failed > 0) {
      cell += " (" + failed + " failed)";
    }
    return rs.stream().anyMatch(Run::disturbed) ? cell + " *" : cell;
  }

  static void charts(List<Peer> peers, List<Case> cases, List<Run> runs, Path dir)
      throws IOException {
    chart(WALL, peers, cases, runs, true, dir.resolve(CHARTS.get(0)));
    chart(ABOVE, peers, cases, runs, true, dir.resolve(CHARTS.get(1)));
    chart(BYTES, peers, cases, runs, false, dir.resolve(CHARTS.get(2)));
    chart(SPAWN, peers, cases, runs, true, dir.resolve(CHARTS.get(3)));
  }

  private static void chart(
      Metric m, List<Peer> peers, List<Case> cases, List<Run> runs, boolean logY, Path file)
      throws IOException {
    Map<String, List<double[]>> lines = new LinkedHashMap<>();
    for (Peer p : peers) {
      List<double[]> points = new ArrayList<>();
      for (Case c : casesOf(m, cases)) {
        double y = spread(m, c, p.name(), runs).median();
        if (!Double.isNaN(y) && (!logY || y > 0)) {
          points.add(new double[] {c.n(), y});
        }
      }
      lines.put(p.name(), points);
    }
    Charts.lines(m.title(), m.unit(), logY, lines, file);
  }

  /** Every run as CSV rows: what the worker reported, the machine's state, and the figures. */
  static List<Csv.Row> csv(List<Case> cases, List<Run> runs) {
    List<Csv.Row> out = new ArrayList<>();
    for (Case c : cases) {
      for (Run r : runs) {
        Sample s = r.sample();
        if (!r.c().equals(c) || s == null) {
          continue;
        }
        String w = c.workload().name();
        long n = c.n();
        int k = r.round();
        out.add(new Csv.Row("growth", w, r.peer(), n, k, "seconds", s.seconds(), "s"));
        out.add(new Csv.Row("growth", w, r.peer(), n, k, "ops", s.ops(), "count"));
        if (s.rssBytes() >= 0) {
          out.add(new Csv.Row("growth", w, r.peer(), n, k, "peak_rss", s.rssBytes(), "bytes"));
        }
        out.add(new Csv.Row("growth", w, r.peer(), n, k, "load_average", r.load(), "1"));
        out.add(new Csv.Row("growth", w, r.peer(), n, k, "other_cpu", r.otherCpu(), "cores"));
        if (c.workload() == Workload.W3) {
          out.add(
              new Csv.Row(
                  "growth", w, r.peer(), n, k, "tasks_per_s", SPAWN.figure().of(r, runs), "1/s"));
        } else if (n > 1) {
          out.add(
              new Csv.Row(
                  "growth",
                  w,
                  r.peer(),
                  n,
                  k,
                  "us_per_task_above_1s",
                  ABOVE.figure().of(r, runs),
                  "us"));
          out.add(
              new Csv.Row(
                  "growth", w, r.peer(), n, k, "bytes_per_task", bytesPerTask(r, runs), "bytes"));
        }
      }
    }
    return out;
  }

  private static String markdown(
      Options o,
      List<Peer> peers,
      List<Case> cases,
      List<Run> runs,
      List<String> notes,
      double load0,
      double load1,
      LocalDate date) {
    StringBuilder sb = new StringBuilder();
    long disturbed = runs.stream().filter(Run::disturbed).count();
    Spread loads = Spread.of(runs.stream().map(Run::load).toList());
    sb.append("# How cost grows with work (generated ").append(date).append(")\n\n");
    sb.append("`./jasyncio bench-growth")
        .append(o.smoke ? " --smoke" : "")
        .append(" --sizes ")
        .append(String.join(",", o.sizes.stream().map(Runs::human).toList()))
        .append(" --rounds ")
        .append(o.rounds())
        .append(" --python-max ")
        .append(Runs.human(o.pythonMax))
        .append(" --heap ")
        .append(o.heap)
        .append(o.noisy ? " --noisy" : "")
        .append("`: ")
        .append(o.rounds())
        .append(" rounds, every case once per peer in each, the peers' order one further each")
        .append(" round; each cell is the median; ")
        .append(Spread.EXPLAINED)
        .append(". Every sample is in `growth.csv` beside this file (")
        .append(Csv.HEADER)
        .append(").\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Machine state: 1-minute load average %.2f before the series, %.2f after, %.2f"
                + " [%.2f..%.2f] at the starts of the runs (the workers themselves lift it);"
                + " %d of %d runs disturbed (other processes used more than %.2f of a core"
                + " while they ran), their cells marked *.%s\n\n",
            load0,
            load1,
            loads.median(),
            loads.low(),
            loads.high(),
            disturbed,
            runs.size(),
            MAX_OTHER_CPU,
            load0 > MAX_LOAD
                ? " **Noisy**: started on a busy machine (load average above " + MAX_LOAD + ")."
                : ""));
    tables(peers, cases, runs, o.pythonMax).forEach(l -> sb.append(l).append('\n'));
    for (String c : CHARTS) {
      sb.append("![").append(c).append("](").append(c).append(")\n");
    }
    sb.append("\n## Peers\n\n");
    for (Peer p : peers) {
      sb.append("- `").append(p.name()).append("`: ").append(p.description()).append('\n');
    }
    for (String n : notes) {
      sb.append("- ").append(n).append('\n');
    }
    List<Run> failed = runs.stream().filter(r -> r.sample() == null).toList();
    if (!failed.isEmpty()) {
      sb.append("\n## Failures\n\n");
      for (Run r : failed) {
        sb.append("- ")
            .append(r.c().label())
            .append(", ")
            .append(r.peer())
            .append(", round ")
            .append(r.round())
            .append(": ")
            .append(Report.shorten(firstLine(String.valueOf(r.failure()))))
            .append('\n');
      }
    }
    sb.append("\n## Machine\n\n");
    Machine.describe().forEach(l -> sb.append("- ").append(l).append('\n'));
    sb.append("\n## Commands\n\n");
    sb.append("Every worker runs in its own process under `/usr/bin/time -v` (peak RSS).\n\n");
    for (Peer p : peers) {
      sb.append("- `")
          .append(p.name())
          .append("`: `")
          .append(Report.shorten(String.join(" ", p.command())))
          .append(" WORKLOAD N DEPTH`\n");
    }
    return sb.toString();
  }
}
