package io.jasyncio.bench.echo;

import io.jasyncio.bench.Charts;
import io.jasyncio.bench.Csv;
import io.jasyncio.bench.Machine;
import io.jasyncio.bench.Progress;
import io.jasyncio.bench.Runs;
import io.jasyncio.bench.Spread;
import io.jasyncio.bench.Worker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./jasyncio bench-echo}: E1, the echo benchmark. Every server echoes what it reads; {@link
 * EchoLoad} keeps C connections busy with messages of S bytes and counts round trips.
 *
 * <p>The method: each server runs in its own process pinned to CPU 0 ({@code taskset -c 0}), the
 * load generator in another pinned to CPU 1, so that each has one core and neither steals the
 * other's. For each round, each case (S, C) and each server: start the server, wait for its {@code
 * READY <port>}, run the load (a warm-up, then the measured seconds), kill the server. Rounds are
 * interleaved (every server runs once per case before any runs again, and each round starts the
 * servers' order one further), so a noisy minute hurts all servers; the table shows medians.
 *
 * <p>Noise: the bench refuses to start when the 1-minute load average is above {@value #MAX_LOAD}
 * (this machine has 2 cores). It cannot keep to that rule between rounds, because its own two busy
 * processes lift the 1-minute average towards 2; instead the load generator measures, over each
 * measured time, the CPU used by every process that is not the benchmark's. A round in which they
 * used more than {@value #MAX_OTHER_CPU} of a core is disturbed: the bench waits until they have
 * been quiet for {@value #QUIET_SECONDS} s (at most {@value #QUIET_WAIT_SECONDS} s) and runs it
 * again; if it is still disturbed after {@value #RETRIES} retries, the bench stops. With {@code
 * --noisy} neither check stops it; disturbed rounds are kept, their cells marked {@code *}, and the
 * report says the run was noisy.
 *
 * <p>Options: {@code --quick} (fewer cases, short, 1 round), {@code --smoke} (one tiny case, every
 * byte checked, no load checks: the test suite's run), {@code --servers a,b,...} (names, or a
 * prefix such as {@code jasyncio} or {@code asyncio}), {@code --sizes 1k,10k,100k} (k = KiB),
 * {@code --conns 10,100}, {@code --seconds S}, {@code --warmup S}, {@code --rounds N}, {@code
 * --noisy}, {@code --verify-all}, {@code --no-pin}, {@code --install} (apt-get python3-uvloop if it
 * is missing; without it, uvloop is skipped with the command that gets it), {@code --python PATH}
 * (asyncio's interpreter), {@code --out FILE} (the markdown report; every sample goes to the CSV
 * file beside it), {@code --repo DIR}, {@code --help}: see {@link #USAGE}.
 *
 * <p>Each round prints a line of progress on stderr as it starts and ends. A load generator that
 * does not finish in its time (warm-up + measured + {@value #LOAD_SLACK_SECONDS} s) is killed with
 * its child processes, and the round is a failure; the bench goes on.
 */
public final class EchoBench {
  private EchoBench() {}

  /** The reference of the first ratio column. */
  public static final String STREAMS_CONT = "jasyncio-streams-continuations";

  /** The reference of the second ratio column. */
  public static final String PROTOCOL_CONT = "jasyncio-protocol-continuations";

  /** The 1-minute load average above which the bench refuses to start. */
  static final double MAX_LOAD = 1.0;

  /** Other processes' CPU use in a measured time above which a round is disturbed, in cores. */
  static final double MAX_OTHER_CPU = 0.15;

  /**
   * The load generator's CPU use (cores) from which a row is marked {@code (L)}: the load may have
   * limited the round trips, and the server's figure is then a lower bound.
   */
  static final double LOAD_BOUND = 0.9;

  /** How often a disturbed round is run again before the bench gives up. */
  static final int RETRIES = 4;

  /** How long a disturbed round waits for the machine to be quiet before it is run again. */
  static final int QUIET_WAIT_SECONDS = 120;

  /** How long the machine must be quiet before a disturbed round is run again. */
  static final int QUIET_SECONDS = 5;

  /** How long a server may take to print READY. */
  static final int READY_SECONDS = 30;

  /** How much longer than its warm-up and measured time the load generator may take. */
  static final int LOAD_SLACK_SECONDS = 60;

  /** What {@code --help} prints. */
  static final String USAGE =
      """
      usage: ./jasyncio bench-echo [OPTIONS]

      E1: every echo server (jasyncio's streams and protocol servers on both engines, Netty,
      virtual threads, asyncio, uvloop) under the same load, rounds interleaved; prints a table
      of medians with their spread and writes it as markdown, every sample as CSV beside it.

      Options:
        --http              E3 instead of E1 (what ./jasyncio bench-http runs): HTTP/1.1
                            keep-alive GETs by wrk against each server's small HTTP server
        --quick             4 cases, 1 round, short runs (about 2 min; the full run about 20)
        --smoke             one tiny case, every byte checked, no load checks (the test suite's)
        --servers a,b,...   only these servers (a prefix picks a family: jasyncio, asyncio, uvloop)
        --sizes 1k,10k,100k message sizes (k = KiB)
        --conns 10,100      connection counts
        --seconds S         measured time per round (default 3)
        --warmup S          warm-up per round (default 2)
        --rounds N          rounds (default 3)
        --noisy             run even on a busy machine (load average > 1); the results say so
        --verify-all        check every byte of every round trip
        --no-pin            do not pin the server and the load generator to CPUs (taskset)
        --install           install uvloop if it is missing (apt-get install python3-uvloop);
                            without it, uvloop is skipped and the report says how to get it
        --no-install        the default; kept for old command lines
        --python PATH       asyncio's interpreter
        --out FILE          the markdown report (default bench/target/echo/E1-MODE.md); the
                            samples go to FILE with .csv for .md
        --repo DIR          the repository (the launcher passes it)
        -h, --help          this help

      Exit status: 0, 1 when a round failed, 2 for a bad option or a busy machine.
      """;

  /** The load generator's JVM: a small serial heap, it allocates almost nothing. */
  static final List<String> LOAD_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx256m");

  /**
   * One server under comparison.
   *
   * @param command how to start it, without the port (its last argument)
   */
  public record Server(String name, String description, List<String> command) {}

  /** A message size and a number of connections: a group of rows of the table. */
  public record Case(int size, int conns) {
    public String label() {
      return bytes(size) + " x " + conns + " conns";
    }
  }

  /** One round of one server in one case. */
  public record Sample(
      Case c,
      String server,
      int round,
      EchoLoad.Result result,
      double loadAverage,
      boolean noisy) {}

  /** What a run measured, and what went wrong. */
  public record Outcome(
      List<Server> servers,
      List<Case> cases,
      List<Sample> samples,
      List<String> failures,
      List<String> notes,
      boolean noisy,
      String markdown) {
    public List<Sample> of(Case c, String server) {
      return samples.stream().filter(s -> s.c().equals(c) && s.server().equals(server)).toList();
    }
  }

  /** The machine was busy: the bench did not run, or stopped. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  enum Mode {
    FULL,
    QUICK,
    SMOKE,
  }

  /** The parsed command line; a mode's defaults, then the options given. */
  static final class Options {
    Mode mode = Mode.FULL;

    /** E3 (HTTP/1.1 keep-alive GETs by wrk) instead of E1 (echo): {@code --http}. */
    boolean http;

    List<Integer> sizes = List.of();
    List<Integer> conns = List.of();
    double warmup;
    double seconds;
    int rounds;
    boolean verifyAll;
    @Nullable List<String> servers;
    boolean noisy;
    boolean pin = true;
    boolean install;
    boolean help;
    @Nullable String python;
    @Nullable Path out;
    Path repo = Path.of(".").toAbsolutePath().normalize();

    static Options parse(String[] args) {
      Options o = new Options();
      for (String a : args) {
        if (a.equals("--quick")) {
          o.mode = Mode.QUICK;
        } else if (a.equals("--smoke")) {
          o.mode = Mode.SMOKE;
        } else if (a.equals("--http")) {
          o.http = true;
        }
      }
      if (o.http) {
        // the response's body is fixed (HttpRequests.BODY): the size is its length
        List<Integer> body = List.of(HttpRequests.BODY.length());
        switch (o.mode) {
          case FULL -> o.preset(body, List.of(10, 100), 2, 5, 3);
          case QUICK -> o.preset(body, List.of(10, 100), 1, 2, 1);
          case SMOKE -> o.preset(body, List.of(3), 0.2, 0.5, 1);
        }
      } else {
        switch (o.mode) {
          case FULL -> o.preset(List.of(1024, 10240, 102400), List.of(10, 100), 2, 3, 3);
          case QUICK -> o.preset(List.of(1024, 102400), List.of(10, 100), 1, 1.5, 1);
          case SMOKE -> {
            o.preset(List.of(102400), List.of(3), 0.2, 0.3, 1);
            o.verifyAll = true;
          }
        }
      }
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick", "--smoke", "--http" -> {}
          case "-h", "--help" -> o.help = true;
          case "--install" -> o.install = true;
          case "--noisy" -> o.noisy = true;
          case "--verify-all" -> o.verifyAll = true;
          case "--no-pin" -> o.pin = false;
          case "--no-install" -> o.install = false;
          case "--sizes" -> {
            if (o.http) {
              throw new IllegalArgumentException(
                  "--sizes: E3's response body is fixed at "
                      + HttpRequests.BODY.length()
                      + " bytes; --conns sets its cases");
            }
            o.sizes = ints(a, value(args, ++i, a), true);
          }
          case "--conns" -> o.conns = ints(a, value(args, ++i, a), false);
          case "--seconds" -> o.seconds = number(a, value(args, ++i, a));
          case "--warmup" -> o.warmup = number(a, value(args, ++i, a));
          case "--rounds" -> o.rounds = whole(a, value(args, ++i, a));
          case "--servers" -> o.servers = List.of(value(args, ++i, a).split(",", -1));
          case "--python" -> o.python = value(args, ++i, a);
          case "--out" -> o.out = Path.of(value(args, ++i, a));
          case "--repo" -> o.repo = Path.of(value(args, ++i, a)).toAbsolutePath().normalize();
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      if (o.sizes.isEmpty() || o.conns.isEmpty() || o.rounds < 1 || o.seconds <= 0) {
        throw new IllegalArgumentException("need sizes, conns, --rounds >= 1 and --seconds > 0");
      }
      return o;
    }

    private void preset(
        List<Integer> sizes, List<Integer> conns, double warmup, double seconds, int rounds) {
      this.sizes = sizes;
      this.conns = conns;
      this.warmup = warmup;
      this.seconds = seconds;
      this.rounds = rounds;
    }

    private static double number(String option, String v) {
      try {
        double d = Double.parseDouble(v);
        if (d >= 0 && Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException(option + " needs a number of seconds, not '" + v + "'");
    }

    private static int whole(String option, String v) {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " needs a whole number, not '" + v + "'", e);
      }
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    /** {@code 1k,10k,100k}: with {@code kib}, a k or KiB suffix multiplies by 1024. */
    static List<Integer> ints(String option, String list, boolean kib) {
      List<Integer> out = new ArrayList<>();
      for (String s : list.split(",", -1)) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        int unit = 1;
        if (kib && (t.endsWith("kib") || t.endsWith("k"))) {
          unit = 1024;
          t = t.substring(0, t.length() - (t.endsWith("kib") ? 3 : 1));
        }
        int v = whole(option, t.replace("_", "")) * unit;
        if (v < 1) {
          throw new IllegalArgumentException(option + ": not a positive number: '" + s + "'");
        }
        out.add(v);
      }
      return List.copyOf(out);
    }

    List<Case> cases() {
      List<Case> cs = new ArrayList<>();
      for (int s : sizes) {
        for (int c : conns) {
          cs.add(new Case(s, c));
        }
      }
      return cs;
    }

    boolean loadChecks() {
      return mode != Mode.SMOKE && !noisy;
    }

    /** The command's name, for messages. */
    String tag() {
      return http ? "bench-http" : "bench-echo";
    }

    /** The workload's name in the issue and the CSV: E1 or E3. */
    String workload() {
      return http ? "E3" : "E1";
    }

    /** The load generator's main class. */
    String load() {
      return (http ? HttpLoad.class : EchoLoad.class).getName();
    }
  }

  public static void main(String[] args) throws Exception {
    int status = cli(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses {@code args} and runs the bench; returns the exit status: 0; 1 when a round failed; 2
   * for a bad option (the error and the usage on {@code err}) or a busy machine. {@code --help}
   * prints the usage on {@code out} and returns 0.
   */
  static int cli(String[] args, PrintStream out, PrintStream err)
      throws IOException, InterruptedException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      return io.jasyncio.bench.Cli.usageError(
          List.of(args).contains("--http") ? "bench-http" : "bench-echo", e, USAGE, err);
    }
    if (o.help) {
      out.print(USAGE);
      return 0;
    }
    Outcome r;
    try {
      r = run(o);
    } catch (BusyException | IllegalArgumentException e) {
      err.println(o.tag() + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println(o.tag() + ": " + e); // a file could not be written, or a process not started
      return 1;
    }
    if (!r.failures().isEmpty()) {
      err.println();
      r.failures().forEach(f -> err.println(o.tag() + ": FAILED: " + f));
      return 1;
    }
    return 0;
  }

  /** Runs the benchmark as {@code args} say, prints the table and writes the markdown report. */
  public static Outcome run(String[] args) throws IOException, InterruptedException, BusyException {
    return run(Options.parse(args));
  }

  static Outcome run(Options o) throws IOException, InterruptedException, BusyException {
    List<String> notes = new ArrayList<>();
    List<Server> servers = Servers.discover(o, notes);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no server to run: " + String.join("; ", notes));
    }
    boolean pin = o.pin;
    if (pin && Machine.which("taskset").isEmpty()) {
      notes.add(
          "not pinned: no taskset on the PATH; get it with `sudo apt-get install util-linux`");
      pin = false;
    } else if (pin && Runtime.getRuntime().availableProcessors() < 2) {
      notes.add("not pinned: fewer than 2 CPUs available");
      pin = false;
    }
    if (o.http && o.mode != Mode.SMOKE && Machine.tool("wrk", o.install, notes).isEmpty()) {
      throw new IllegalArgumentException("E3 needs wrk: " + String.join("; ", notes));
    }
    Path out =
        o.out != null
            ? o.out
            : o.repo.resolve("bench/target/echo/" + o.workload() + "-" + name(o.mode) + ".md");
    Path outDir = out.toAbsolutePath().getParent();
    if (outDir == null) {
      throw new IllegalArgumentException("--out: not a file: " + out);
    }
    Path logs = outDir.resolve("echo-logs");
    Files.createDirectories(logs);
    List<Case> cases = o.cases();

    double load0 = loadAverage();
    System.out.printf(
        Locale.ROOT,
        "%s: %s, %d round(s), %d case(s) x %d server(s), %.1f s warm-up + %.1f s;"
            + " load average %.2f%n",
        o.tag(),
        name(o.mode),
        o.rounds,
        cases.size(),
        servers.size(),
        o.warmup,
        o.seconds,
        load0);
    if (o.loadChecks() && load0 > MAX_LOAD) {
      throw new BusyException(
          String.format(
              Locale.ROOT,
              "the machine is busy (1-minute load average %.2f > %.1f on %d cores): run again"
                  + " when it is quiet, or pass --noisy to run anyway (results marked noisy)",
              load0,
              MAX_LOAD,
              Runtime.getRuntime().availableProcessors()));
    }

    for (String n : notes) {
      System.err.println(o.tag() + ": note: " + n);
    }

    List<Sample> samples = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<String> plan = new ArrayList<>();
    for (int round = 1; round <= o.rounds; round++) {
      for (Case c : cases) {
        for (int k = 0; k < servers.size(); k++) {
          plan.add(c.label() + "|" + servers.get((k + round - 1) % servers.size()).name());
        }
      }
    }
    Progress bar = new Progress(plan, System.err, System::nanoTime);
    int run = 0;
    for (int round = 1; round <= o.rounds; round++) {
      for (Case c : cases) {
        for (int k = 0; k < servers.size(); k++, run++) {
          Server s = servers.get((k + round - 1) % servers.size());
          Sample sample = null;
          for (int attempt = 0; ; attempt++) {
            double la = loadAverage();
            bar.start(
                run,
                String.format(
                    Locale.ROOT,
                    "%s  %s  round %d/%d  load %.2f",
                    c.label(),
                    s.name(),
                    round,
                    o.rounds,
                    la));
            try {
              sample = round(s, c, round, o, pin, logs, la);
            } catch (IOException e) {
              String f = s.name() + ", " + c.label() + ", round " + round + ": " + e.getMessage();
              failures.add(f);
              bar.end("FAILED: " + e.getMessage());
              break;
            }
            bar.end(progress(sample));
            if (!sample.noisy() || !o.loadChecks()) {
              break;
            }
            if (attempt == RETRIES) {
              throw new BusyException(
                  String.format(
                      Locale.ROOT,
                      "the machine is busy: other processes used %.2f of a core while %s ran"
                          + " (at most %.2f allowed), %d times in a row: run again when it is"
                          + " quiet, or pass --noisy to run anyway (results marked noisy)",
                      sample.result().otherCpu(),
                      s.name(),
                      MAX_OTHER_CPU,
                      RETRIES + 1));
            }
            awaitQuiet(o.tag());
          }
          if (sample != null) {
            samples.add(sample);
          }
          if (sample != null && sample.result().errors() > 0) {
            failures.add(
                s.name()
                    + ", "
                    + c.label()
                    + ": "
                    + sample.result().errors()
                    + " round trips came back with wrong bytes (see "
                    + logs.resolve("load-" + s.name() + ".stderr")
                    + ")");
          }
        }
      }
    }
    double load1 = loadAverage();
    boolean disturbed = samples.stream().anyMatch(Sample::noisy);
    boolean noisy = (o.noisy && load0 > MAX_LOAD) || (!o.loadChecks() && disturbed);

    List<String> table = table(o.http, servers, cases, samples);
    System.out.println();
    table.forEach(System.out::println);
    Path csv = Csv.besides(out);
    String md =
        markdown(o, pin, servers, cases, samples, table, notes, load0, load1, noisy)
            + "\nEvery sample is in `"
            + csv.getFileName()
            + "` beside this file ("
            + Csv.HEADER
            + ").\n";
    Files.writeString(out, md, StandardCharsets.UTF_8);
    Csv.write(csv, csv(o.workload(), samples));
    Path png = chart(o, out, servers, cases, samples);
    System.out.println();
    for (String n : notes) {
      System.out.println(o.tag() + ": note: " + n);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: load average %.2f before, %.2f after%s%n",
        o.tag(),
        load0,
        load1,
        noisy ? "; NOISY: disturbed rounds are marked *" : "");
    System.out.println(o.tag() + ": wrote " + out.toAbsolutePath().normalize());
    System.out.println(o.tag() + ": samples in " + csv.toAbsolutePath().normalize());
    System.out.println(o.tag() + ": chart in " + png.toAbsolutePath().normalize());
    return new Outcome(
        List.copyOf(servers),
        List.copyOf(cases),
        List.copyOf(samples),
        List.copyOf(failures),
        List.copyOf(notes),
        noisy,
        md);
  }

  /**
   * Waits until other processes have used at most {@value #MAX_OTHER_CPU} of a core for {@value
   * #QUIET_SECONDS} s in a row, or {@value #QUIET_WAIT_SECONDS} s have passed.
   */
  private static void awaitQuiet(String tag) throws InterruptedException {
    List<Long> ours = List.of(ProcessHandle.current().pid());
    long deadline = System.nanoTime() + QUIET_WAIT_SECONDS * 1_000_000_000L;
    System.out.print(tag + ": disturbed by other processes: waiting for a quiet machine");
    System.out.flush();
    double other = Double.NaN;
    while (System.nanoTime() < deadline) {
      other = EchoLoad.otherCpu(QUIET_SECONDS, ours);
      if (!(other > MAX_OTHER_CPU)) {
        break;
      }
      System.out.print('.');
      System.out.flush();
    }
    System.out.printf(Locale.ROOT, " (other processes: %.2f of a core); running it again%n", other);
  }

  /** What a round measured, for its line of progress. */
  private static String progress(Sample s) {
    EchoLoad.Result r = s.result();
    return String.format(
        Locale.ROOT,
        "%s rt/s  %s MB/s  cpu: server %.2f load %.2f other %.2f%s",
        Runs.fmt(r.roundTripsPerSecond()),
        Runs.fmt(r.roundTripsPerSecond() * s.c().size() / 1e6),
        r.serverCpu(),
        r.loadCpu(),
        r.otherCpu(),
        s.noisy() ? "  (disturbed)" : "");
  }

  // --- one round ----------------------------------------------------------------------------

  /** Starts the server, runs the load against it, stops it. */
  static Sample round(Server s, Case c, int round, Options o, boolean pin, Path logs, double la)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (pin) {
      cmd.addAll(List.of("taskset", "-c", "0"));
    }
    cmd.addAll(s.command());
    cmd.add(Integer.toString(freePort()));
    Path serverErr = logs.resolve("server-" + s.name() + ".stderr");
    Process server =
        new ProcessBuilder(cmd)
            .redirectError(serverErr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    try {
      int port = awaitReady(server, serverErr);
      List<String> load = new ArrayList<>();
      if (pin) {
        load.addAll(List.of("taskset", "-c", "1"));
      }
      load.add(ProcessHandle.current().info().command().orElse("java"));
      load.addAll(LOAD_JVM_FLAGS);
      load.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              o.load(),
              "--port",
              Integer.toString(port),
              "--conns",
              Integer.toString(c.conns()),
              "--size",
              Integer.toString(c.size()),
              "--warmup",
              Double.toString(o.warmup),
              "--seconds",
              Double.toString(o.seconds),
              "--server-pid",
              Long.toString(server.pid()),
              "--ours",
              Long.toString(ProcessHandle.current().pid())));
      if (o.verifyAll) {
        load.add("--verify-all");
      }
      if (o.http && o.mode == Mode.SMOKE) {
        load.addAll(List.of("--driver", "java")); // every byte checked; wrk may be missing
      }
      Path loadErr = logs.resolve("load-" + s.name() + ".stderr");
      long limit = (long) Math.ceil(o.warmup + o.seconds) + LOAD_SLACK_SECONDS;
      Worker.Result w =
          Worker.run(
              new ProcessBuilder(load).redirectError(loadErr.toFile()), Duration.ofSeconds(limit));
      if (w.timedOut()) {
        throw new IOException(
            "timed out: the load generator did not finish in "
                + limit
                + " s and was killed (stderr in "
                + loadErr
                + ")");
      }
      EchoLoad.Result r = EchoLoad.Result.parse(w.stdout());
      if (w.exitCode() != 0 || r == null) {
        throw new IOException(
            "the load generator failed (exit "
                + w.exitCode()
                + "): "
                + Worker.tail(Files.readString(loadErr, StandardCharsets.UTF_8), 1500)
                + (server.isAlive()
                    ? ""
                    : "; the server had exited ("
                        + server.exitValue()
                        + "): "
                        + Worker.tail(Files.readString(serverErr, StandardCharsets.UTF_8), 1500)));
      }
      return new Sample(c, s.name(), round, r, la, r.otherCpu() > MAX_OTHER_CPU);
    } finally {
      stop(server);
    }
  }

  /** Waits for the server's {@code READY <port>} line and returns the port; drains the rest. */
  static int awaitReady(Process server, Path serverErr) throws IOException, InterruptedException {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.startsWith("READY ") && !ready.isDone()) {
                    ready.complete(Integer.parseInt(line.substring(6).trim()));
                  }
                }
              } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new IOException("it exited before it printed READY"));
            });
    try {
      return ready.get(READY_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      String why =
          e instanceof TimeoutException
              ? "no READY in " + READY_SECONDS + " s"
              : String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
      Thread.sleep(200); // let a dying server finish its stderr
      throw new IOException(
          "the server did not start: "
              + why
              + ": "
              + Worker.tail(Files.readString(serverErr, StandardCharsets.UTF_8), 1500));
    }
  }

  /** Stops a server and its child processes: SIGTERM, then after 5 s SIGKILL. */
  static void stop(Process p) throws InterruptedException {
    Worker.stopTree(p, Duration.ofSeconds(5));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The 1-minute load average, or NaN where /proc/loadavg cannot be read. */
  static double loadAverage() {
    return Machine.loadAverage();
  }

  // --- the report -----------------------------------------------------------------------------

  /**
   * The table of medians with their spread ({@link Spread}): a group of rows per case, a row per
   * server.
   */
  static List<String> table(
      boolean http, List<Server> servers, List<Case> cases, List<Sample> samples) {
    List<String> t = new ArrayList<>();
    t.add(
        http
            ? "| case | server | requests/s | vs streams-cont | vs protocol-cont | server us/req |"
                + " server CPU | load CPU | other CPU | rounds |"
            : "| case | server | round trips/s | MB/s | vs streams-cont | vs protocol-cont | server"
                + " us/rt | server CPU | load CPU | other CPU | rounds |");
    t.add(
        http
            ? "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
            : "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    DoubleFunction<String> cpu = v -> String.format(Locale.ROOT, "%.2f", v);
    for (Case c : cases) {
      double refS = spread(samples, c, STREAMS_CONT, r -> r.roundTripsPerSecond()).median();
      double refP = spread(samples, c, PROTOCOL_CONT, r -> r.roundTripsPerSecond()).median();
      for (Server s : servers) {
        List<Sample> of =
            samples.stream().filter(x -> x.c().equals(c) && x.server().equals(s.name())).toList();
        if (of.isEmpty()) {
          t.add(
              "| "
                  + c.label()
                  + " | "
                  + s.name()
                  + (http ? " | failed | | | | | | | 0 |" : " | failed | | | | | | | | 0 |"));
          continue;
        }
        Spread rt = spread(samples, c, s.name(), r -> r.roundTripsPerSecond());
        Spread loadCpu = spread(samples, c, s.name(), EchoLoad.Result::loadCpu);
        boolean noisy = of.stream().anyMatch(Sample::noisy);
        t.add(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s%s%s |%s %s | %s | %s | %s | %s | %s | %d |",
                c.label(),
                s.name(),
                rt.cell(),
                loadCpu.median() >= LOAD_BOUND ? " (L)" : "",
                noisy ? " *" : "",
                http
                    ? ""
                    : " "
                        + spread(
                                samples, c, s.name(), r -> r.roundTripsPerSecond() * c.size() / 1e6)
                            .cell()
                        + " |",
                ratio(rt.median(), refS),
                ratio(rt.median(), refP),
                spread(samples, c, s.name(), r -> r.serverCpu() * 1e6 / r.roundTripsPerSecond())
                    .cell(),
                spread(samples, c, s.name(), EchoLoad.Result::serverCpu).cell(cpu),
                loadCpu.cell(cpu),
                spread(samples, c, s.name(), EchoLoad.Result::otherCpu).cell(cpu),
                of.size()));
      }
    }
    return t;
  }

  /** Every sample as CSV rows, one per metric of the table. */
  static List<Csv.Row> csv(String workload, List<Sample> samples) {
    List<Csv.Row> out = new ArrayList<>();
    for (Sample x : samples) {
      EchoLoad.Result r = x.result();
      String w = (workload.equals("E3") ? "http " : "echo ") + x.c().conns() + " conns";
      int size = x.c().size();
      String peer = x.server();
      int rep = x.round();
      double rt = r.roundTripsPerSecond();
      out.add(new Csv.Row(workload, w, peer, size, rep, "round_trips_per_s", rt, "1/s"));
      out.add(new Csv.Row(workload, w, peer, size, rep, "mb_per_s", rt * size / 1e6, "MB/s"));
      out.add(
          new Csv.Row(
              workload, w, peer, size, rep, "server_us_per_rt", r.serverCpu() * 1e6 / rt, "us"));
      out.add(new Csv.Row(workload, w, peer, size, rep, "server_cpu", r.serverCpu(), "cores"));
      out.add(new Csv.Row(workload, w, peer, size, rep, "load_cpu", r.loadCpu(), "cores"));
      out.add(new Csv.Row(workload, w, peer, size, rep, "other_cpu", r.otherCpu(), "cores"));
      out.add(new Csv.Row(workload, w, peer, size, rep, "disturbed", x.noisy() ? 1 : 0, "bool"));
    }
    return out;
  }

  /** Draws the medians as bars, a group per case, into the PNG beside {@code out}. */
  static Path chart(
      Options o, Path out, List<Server> servers, List<Case> cases, List<Sample> samples)
      throws IOException {
    String name = String.valueOf(out.getFileName());
    Path png =
        out.resolveSibling(
            (name.endsWith(".md") ? name.substring(0, name.length() - 3) : name) + ".png");
    Map<String, List<@Nullable Double>> series = new LinkedHashMap<>();
    for (Server s : servers) {
      List<@Nullable Double> ys = new ArrayList<>();
      for (Case c : cases) {
        ys.add(spread(samples, c, s.name(), EchoLoad.Result::roundTripsPerSecond).median());
      }
      series.put(s.name(), ys);
    }
    Charts.bars(
        o.http
            ? "E3: HTTP/1.1 keep-alive GETs by wrk, medians (higher is better)"
            : "E1: echo, medians (higher is better)",
        o.http ? "connections" : "message size x connections",
        o.http ? "requests/s" : "round trips/s",
        cases.stream().map(c -> o.http ? c.conns() + " conns" : c.label()).toList(),
        series,
        png);
    return png;
  }

  private static String ratio(double v, double ref) {
    return Double.isNaN(v) || Double.isNaN(ref) || ref <= 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.2fx", v / ref);
  }

  private static Spread spread(
      List<Sample> samples, Case c, String server, ToDoubleFunction<EchoLoad.Result> f) {
    List<Double> xs = new ArrayList<>();
    for (Sample s : samples) {
      if (s.c().equals(c) && s.server().equals(server)) {
        xs.add(f.applyAsDouble(s.result()));
      }
    }
    return Spread.of(xs);
  }

  static String markdown(
      Options o,
      boolean pin,
      List<Server> servers,
      List<Case> cases,
      List<Sample> samples,
      List<String> table,
      List<String> notes,
      double load0,
      double load1,
      boolean noisy) {
    StringBuilder sb = new StringBuilder();
    sb.append(o.http ? "## E3 HTTP/1.1 keep-alive (generated " : "## E1 echo (generated ")
        .append(LocalDate.now(ZoneId.systemDefault()))
        .append(noisy ? ", NOISY" : "")
        .append(")\n\n");
    String what =
        o.http
            ? "*requests/s*: wrk's count over its measured run, all connections together (a"
                + " GET and its 13-byte response, kept alive); *vs ...-cont*: the server's"
                + " requests/s divided by jasyncio-streams-continuations' or"
                + " jasyncio-protocol-continuations' (above 1: faster than jasyncio); *server"
                + " us/req*: the server's CPU time per request, its cost whoever sets the pace"
                + " (lower is better)"
            : "*round trips/s*: all connections together; *MB/s*: round trips/s x message size,"
                + " one way; *vs ...-cont*: the server's round trips/s divided by"
                + " jasyncio-streams-continuations' or jasyncio-protocol-continuations' (above 1:"
                + " faster than jasyncio); *server us/rt*: the server's CPU time per round trip,"
                + " its cost whoever sets the pace (lower is better)";
    String checked =
        o.http
            ? (o.mode == Mode.SMOKE
                ? "The load was HttpLoad's Java driver (every response checked), not wrk."
                : "Before the load, each server's answers were checked (keep-alive, pipelined,"
                    + " a body, Connection: close); wrk itself checks only the status.")
            : o.verifyAll
                ? "Every byte of every round trip was checked."
                : "Every byte was checked in the warm-up, the first and last 64 bytes of each"
                    + " message after it.";
    sb.append(
        String.format(
            Locale.ROOT,
            "Mode `%s`: %d round(s), servers interleaved; %.1f s warm-up, then %.1f s measured."
                + " %s Each cell is the median over the rounds; "
                + Spread.EXPLAINED
                + ". %s; *CPU*: cores used by the server, the load generator and every other"
                + " process in the measured time (1.00 = one core all the time); *(L)*: the load"
                + " generator used %.2f of its core or more, so it may have held the server back"
                + " (the figure is then a lower bound). %s\n\n",
            name(o.mode),
            o.rounds,
            o.warmup,
            o.seconds,
            pin
                ? "Each server on CPU 0 (`taskset -c 0`), the load generator on CPU 1."
                : "Not pinned to CPUs.",
            what,
            LOAD_BOUND,
            checked));
    sb.append(
        String.format(
            Locale.ROOT,
            "Load average (1 min): %.2f before the first round, %.2f after the last.%s\n\n",
            load0,
            load1,
            noisy
                ? " **Noisy run** ("
                    + (o.noisy ? "`--noisy`" : "smoke: no load checks")
                    + "): the machine was busy; cells marked * include rounds in which other"
                    + " processes used more than "
                    + MAX_OTHER_CPU
                    + " of a core."
                : ""));
    table.forEach(l -> sb.append(l).append('\n'));
    sb.append("\n### Servers\n\n");
    for (Server s : servers) {
      sb.append("- `").append(s.name()).append("`: ").append(s.description()).append('\n');
    }
    for (String n : notes) {
      sb.append("- note: ").append(n).append('\n');
    }
    sb.append("\n### Machine\n\n");
    Machine.describe().forEach(l -> sb.append("- ").append(l).append('\n'));
    sb.append("\n### Commands\n\n");
    String cp = System.getProperty("java.class.path");
    String java = ProcessHandle.current().info().command().orElse("java");
    String repo = o.repo.toAbsolutePath().normalize() + "/";
    for (Server s : servers) {
      sb.append("- `")
          .append(
              String.join(" ", s.command())
                  .replace(cp, "<bench class path>")
                  .replace(java, "java")
                  .replace(repo, ""))
          .append(" PORT`\n");
    }
    sb.append("- load: `java ")
        .append(String.join(" ", LOAD_JVM_FLAGS))
        .append(" -cp <bench class path> ")
        .append(o.load())
        .append(" --port PORT --conns C --size S --warmup W --seconds T`")
        .append(
            o.http
                ? ", which runs `wrk -t1 -cC -dWs --timeout 5s http://127.0.0.1:PORT/` (the"
                    + " warm-up), then the same for T s (measured)\n"
                : "\n");
    sb.append("\nCases: ");
    sb.append(String.join(", ", cases.stream().map(Case::label).toList()));
    sb.append(". Samples: ").append(samples.size()).append(".\n");
    return sb.toString();
  }

  private static String name(Mode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }

  static String bytes(int n) {
    return n % 1024 == 0 ? n / 1024 + " KiB" : n + " B";
  }
}
