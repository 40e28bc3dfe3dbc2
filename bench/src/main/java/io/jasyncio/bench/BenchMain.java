package io.jasyncio.bench;

import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
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
import org.jspecify.annotations.Nullable;

/**
 * {@code ./jasyncio bench}: runs every workload in every peer, interleaved, several times; prints a
 * table of medians with their spread and ratios to jasyncio; rewrites the generated part of
 * BENCHMARKS.md, writes every sample to BENCHMARKS.csv beside it and draws the charts under
 * docs/bench/. Progress goes to stderr, one line per run. See {@link #USAGE} for the options.
 *
 * <p>A worker that fails or runs past its timeout (killed, with its child processes) is a failed
 * cell of the table, not the end of the bench; the bench then exits with status 1 after writing its
 * report. The bench installs nothing unless {@code --install} is given: a missing peer is skipped,
 * with the command that gets it.
 */
public final class BenchMain {
  private BenchMain() {}

  static final String BEGIN = "<!-- BEGIN GENERATED: ./jasyncio bench rewrites this part -->";
  static final String END = "<!-- END GENERATED -->";

  /** The default time a worker may take before it is killed, in seconds. */
  static final int DEFAULT_TIMEOUT_SECONDS = 1800;

  /** What {@code --help} prints. */
  static final String USAGE =
      """
      usage: ./jasyncio bench [OPTIONS]

      Runs W1-W5 in jasyncio (both engines), Kotlin coroutines, virtual threads, asyncio and
      uvloop, each worker in its own process, peers interleaved; rewrites the generated part of
      BENCHMARKS.md, writes every sample to BENCHMARKS.csv beside it, draws docs/bench/*.png.

      Options:
        --quick           small sizes (about 3 min), written under bench/target/quick
        --smoke           tiny sizes, one repetition, no JMH (the test suite's run)
        --reps N          repeat every case N times (default 3; smoke 1)
        --no-jmh          skip the JMH benchmarks
        --io              then the I/O benchmarks, each in its own JVM: E1 echo (bench-echo),
                          E3 HTTP (bench-http), E7 idle connections (bench-idle), in the same
                          size; reports, CSVs and charts to docs/bench/io-*.md|csv|png
        --install         install a missing peer (apt-get install python3-uvloop); without it,
                          a missing peer is skipped and the report says how to get it
        --no-install      the default; kept for old command lines
        --timeout S       kill a worker (and its child processes) after S seconds (default 1800)
        --peers a,b,...   only these peers: jasyncio-cont, jasyncio-vt, kotlin, vthreads,
                          jdk-floor, asyncio, uvloop
        --out DIR         write BENCHMARKS.md, BENCHMARKS.csv and docs/bench/ under DIR
                          (default: the repository for a full run, bench/target/SIZE otherwise)
        --repo DIR        the repository (the launcher passes it)
        -h, --help        this help

      Exit status: 0 when every run measured, 1 when one failed or timed out (the report still
      says which), 2 for a bad option.
      """;

  /** The sizes of one kind of run. */
  @SuppressWarnings("ImmutableEnumChecker") // w2 is never written
  enum Size {
    FULL(3, 1_000_000, new int[] {10_000, 100_000, 1_000_000}, 1_000_000, 10_000, 1_000_000),
    QUICK(3, 200_000, new int[] {1_000, 10_000, 100_000}, 100_000, 2_000, 200_000),
    SMOKE(1, 2_000, new int[] {100}, 1_000, 100, 1_000);

    final int reps;
    final int w1;
    final int[] w2;
    final int w3;
    final int w4;
    final int w5;

    Size(int reps, int w1, int[] w2, int w3, int w4, int w5) {
      this.reps = reps;
      this.w1 = w1;
      this.w2 = w2;
      this.w3 = w3;
      this.w4 = w4;
      this.w5 = w5;
    }

    List<Case> cases() {
      List<Case> cs = new ArrayList<>();
      cs.add(new Case(Workload.W1, w1, 0));
      cs.add(new Case(Workload.W2, 1, 0)); // the baseline for bytes per task
      for (int n : w2) {
        cs.add(new Case(Workload.W2, n, 0));
      }
      cs.add(new Case(Workload.W3, w3, 0));
      for (int d : new int[] {0, 50, 200}) {
        cs.add(new Case(Workload.W4, w4, d));
      }
      cs.add(new Case(Workload.W5, w5, 0));
      return cs;
    }
  }

  /** A bad command line: the message names the option and what it needs. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The parsed command line. */
  static final class Options {
    Size size = Size.FULL;
    @Nullable Integer reps;
    boolean jmh = true;
    boolean io;
    boolean install;
    boolean help;
    Duration timeout = Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    Path repo = Path.of(".");
    @Nullable Path out;
    @Nullable List<String> peers;

    static Options parse(String[] args) throws UsageException {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> o.help = true;
          case "--quick" -> o.size = Size.QUICK;
          case "--smoke" -> o.size = Size.SMOKE;
          case "--reps" -> o.reps = positive(a, value(args, ++i, a));
          case "--no-jmh" -> o.jmh = false;
          case "--io" -> o.io = true;
          case "--install" -> o.install = true;
          case "--no-install" -> o.install = false;
          case "--timeout" -> o.timeout = Duration.ofSeconds(positive(a, value(args, ++i, a)));
          case "--repo" -> o.repo = Path.of(value(args, ++i, a));
          case "--out" -> o.out = Path.of(value(args, ++i, a));
          case "--peers" -> {
            List<String> ps = List.of(value(args, ++i, a).split(",", -1));
            for (String p : ps) {
              if (!Peer.NAMES.contains(p)) {
                throw new UsageException(
                    "--peers: no peer is called '"
                        + p
                        + "'; the peers: "
                        + String.join(", ", Peer.NAMES));
              }
            }
            o.peers = ps;
          }
          default -> throw new UsageException("unknown option '" + a + "'");
        }
      }
      if (o.size == Size.SMOKE) {
        o.jmh = false;
      }
      return o;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
      try {
        return Cli.value(args, i, option);
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.valueOf(e.getMessage()));
      }
    }

    private static int positive(String option, String v) throws UsageException {
      try {
        return Cli.positive(option, v);
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.valueOf(e.getMessage()));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int status = cli(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses {@code args} and runs the bench; returns the exit status: 0, 1 when a run failed or
   * timed out, 2 for a bad option (the error and the usage on {@code err}). {@code --help} prints
   * the usage on {@code out} and returns 0.
   */
  static int cli(String[] args, PrintStream out, PrintStream err) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (UsageException e) {
      return Cli.usageError("bench", e, USAGE, err);
    }
    if (o.help) {
      out.print(USAGE);
      return 0;
    }
    Results results;
    try {
      results = run(o, out, err);
    } catch (IOException e) {
      err.println("bench: " + e); // a file could not be written, or a worker not started
      return 1;
    }
    int io = o.io ? io(o, dir(o), out) : 0;
    return results.failures.isEmpty() && io == 0 ? 0 : 1;
  }

  /**
   * The I/O benchmarks {@code --io} runs after the task workloads, as argument lists of their main
   * classes: E1 and E3 ({@code EchoBench}, the second with {@code --http}) and E7 ({@code
   * IdleBench}), in the run's size, writing under {@code dir}/docs/bench.
   */
  static List<List<String>> ioRuns(Options o, Path dir) {
    Path d = dir.resolve("docs/bench");
    List<String> common = new ArrayList<>(List.of("--repo", o.repo.toString()));
    if (o.install) {
      common.add("--install");
    }
    List<String> mode =
        switch (o.size) {
          case FULL -> List.of();
          case QUICK -> List.of("--quick");
          case SMOKE -> List.of("--smoke");
        };
    List<String> idle =
        switch (o.size) {
          case FULL -> List.of();
          case QUICK -> List.of("--conns", "2000", "--rounds", "1");
          case SMOKE -> List.of("--conns", "50", "--rounds", "1");
        };
    String echo = "io.jasyncio.bench.echo.EchoBench";
    List<List<String>> runs = new ArrayList<>();
    runs.add(concat(List.of(echo), mode, List.of("--out", d.resolve("io-e1-echo.md").toString())));
    runs.add(
        concat(
            List.of(echo, "--http"),
            mode,
            List.of("--out", d.resolve("io-e3-http.md").toString())));
    runs.add(
        concat(
            List.of("io.jasyncio.bench.echo.IdleBench"),
            idle,
            List.of("--out", d.resolve("io-e7-idle.md").toString())));
    return runs.stream().map(r -> concat(r, common)).toList();
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return List.copyOf(all);
  }

  /** Runs {@link #ioRuns} in turn, their output on this process's; returns 1 if one failed. */
  private static int io(Options o, Path dir, PrintStream out)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("docs/bench"));
    int status = 0;
    for (List<String> run : ioRuns(o, dir)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
      cmd.addAll(run);
      out.println("bench: --io: " + String.join(" ", run));
      out.flush();
      int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
      if (exit != 0) {
        out.println("bench: FAILED --io run (exit " + exit + "): " + String.join(" ", run));
        status = 1;
      }
    }
    return status;
  }

  /** Where the run writes: {@code --out}, else the repository (full) or bench/target/SIZE. */
  static Path dir(Options o) {
    Path dir = o.out;
    if (dir == null) {
      dir =
          o.size == Size.FULL
              ? o.repo
              : o.repo.resolve("bench/target/" + o.size.name().toLowerCase(Locale.ROOT));
    }
    return dir;
  }

  /** Runs the bench as {@code o} says; writes the report, the CSV and the charts. */
  static Results run(Options o, PrintStream out, PrintStream err) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Path dir = dir(o);
    int r = o.reps != null ? o.reps : o.size.reps;
    List<String> notes = new ArrayList<>();
    if (!Files.isExecutable(Runs.GNU_TIME)) {
      notes.add(
          "peak RSS not measured: there is no GNU time at "
              + Runs.GNU_TIME
              + "; get it with `sudo apt-get install time`");
    }
    List<Peer> peers = Peer.discover(o.repo, o.peers, notes, o.install);
    notes.forEach(n -> err.println("bench: " + n));
    Results results = measure(peers, o.size.cases(), r, dir.resolve("bench-logs"), o.timeout, err);
    List<String> jmhTable = o.jmh ? Jmh.run() : List.of();

    Report report = new Report(results, peers, notes, o.size, r, jmhTable);
    out.println();
    report.table().forEach(out::println);
    out.println();
    report.targets().forEach(out::println);
    Path md = dir.resolve("BENCHMARKS.md");
    Path csv = Csv.besides(md);
    Files.createDirectories(dir);
    rewriteGenerated(md, report.markdown(LocalDate.now(ZoneId.systemDefault()).toString()));
    Csv.write(csv, report.csv());
    Charts.draw(results, peers, dir.resolve("docs/bench"));
    out.println();
    results.failures.forEach(f -> out.println("bench: FAILED " + f.describe()));
    out.println("bench: wrote " + md.toAbsolutePath().normalize());
    out.println("bench: samples in " + csv.toAbsolutePath().normalize());
    out.println("bench: charts in " + dir.resolve("docs/bench").toAbsolutePath().normalize());
    return results;
  }

  /** A run that measured nothing: it failed or timed out. */
  record Failure(Case c, String peer, int rep, boolean timedOut, String message) {
    String describe() {
      return c.label() + ", " + peer + ", rep " + rep + ": " + message;
    }
  }

  /** Every sample, by case, then by peer name; and every run that failed. */
  static final class Results {
    final Map<Case, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
    final List<Failure> failures = new ArrayList<>();

    List<Sample> of(Case c, String peer) {
      return samples.getOrDefault(c, Map.of()).getOrDefault(peer, List.of());
    }

    List<Failure> failuresOf(Case c, String peer) {
      return failures.stream().filter(f -> f.c().equals(c) && f.peer().equals(peer)).toList();
    }
  }

  /**
   * Runs every case in every peer, {@code reps} rounds, peers interleaved within each case; a line
   * of progress per run on {@code progress}. A run that fails or times out is recorded and the
   * bench goes on.
   */
  static Results measure(
      List<Peer> peers,
      List<Case> cases,
      int reps,
      Path logs,
      Duration timeout,
      PrintStream progress)
      throws IOException, InterruptedException {
    Results res = new Results();
    for (Case c : cases) {
      res.samples.put(c, new LinkedHashMap<>());
    }
    List<String> plan = new ArrayList<>();
    for (int rep = 1; rep <= reps; rep++) {
      for (Case c : cases) {
        for (Peer p : peers) {
          plan.add(c.label() + "|" + p.name());
        }
      }
    }
    Progress bar = new Progress(plan, progress, System::nanoTime);
    int i = 0;
    for (int rep = 1; rep <= reps; rep++) {
      for (Case c : cases) {
        for (Peer p : peers) {
          bar.start(
              i++, String.format(Locale.ROOT, "%s  %s  rep %d/%d", c.label(), p.name(), rep, reps));
          Runs.Outcome o = Runs.run(p, c, rep, logs, timeout);
          Sample s = o.sample();
          if (s == null) {
            String why = String.valueOf(o.failure());
            res.failures.add(new Failure(c, p.name(), rep, o.timedOut(), why));
            bar.end(o.timedOut() ? "TIMED OUT: " + why : "FAILED: " + firstLine(why));
            continue;
          }
          res.samples
              .computeIfAbsent(c, k -> new LinkedHashMap<>())
              .computeIfAbsent(p.name(), k -> new ArrayList<>())
              .add(s);
          bar.end(
              String.format(
                  Locale.ROOT,
                  "%s s  ops=%d  rss=%s",
                  Runs.fmt(s.seconds()),
                  s.ops(),
                  s.rssBytes() < 0 ? "?" : Runs.fmt(s.rssBytes() / 1048576.0) + " MiB"));
        }
      }
    }
    return res;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl) + " ...";
  }

  /** Replaces the generated part of a markdown file, keeping what surrounds it. */
  static void rewriteGenerated(Path md, String generated) throws IOException {
    String before;
    String after;
    if (Files.exists(md)) {
      String s = Files.readString(md, StandardCharsets.UTF_8);
      int b = s.indexOf(BEGIN);
      int e = s.indexOf(END);
      if (b < 0 || e < b) {
        before = s.endsWith("\n") ? s + "\n" : s + "\n\n";
        after = "\n";
      } else {
        before = s.substring(0, b);
        after = s.substring(e + END.length());
      }
    } else {
      before = "# Benchmarks\n\n";
      after = "\n";
    }
    Files.writeString(md, before + BEGIN + "\n" + generated + END + after, StandardCharsets.UTF_8);
  }
}
