package io.jasyncio.bench.echo;

import io.jasyncio.bench.Cli;
import io.jasyncio.bench.Csv;
import io.jasyncio.bench.Progress;
import io.jasyncio.bench.Spread;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * E7: memory per idle connection. Each echo server of {@link EchoBench} is started alone; its RSS
 * is read, N connections are opened and each makes one 1-byte round trip (so the server holds its
 * state for every one), then they sit idle for a second and the RSS is read again. The figure is
 * (RSS after - RSS before) / N: the table shows the median of the rounds and their spread ({@link
 * Spread}), the markdown goes to {@code --out} and every sample to the CSV file beside it. A round
 * in which the server dies, or does not answer within {@value #ROUND_SECONDS} s, is a failure (the
 * server is killed with its child processes) and the bench goes on. See {@link #USAGE}.
 */
public final class IdleBench {
  private IdleBench() {}

  /**
   * Connections opened at once: more would overflow the smaller listen backlogs (asyncio's 100).
   */
  static final int BATCH = 50;

  /** How long a round may take to open its connections and get every byte back. */
  static final int ROUND_SECONDS = 300;

  /** What {@code --help} prints. */
  static final String USAGE =
      """
      usage: ./jasyncio bench-idle [OPTIONS]

      E7: memory per idle connection. Each echo server is started alone; N connections each make
      one 1-byte round trip and sit idle; (RSS after - RSS before) / N, median of the rounds.

      Options:
        --conns N           idle connections (default 10000)
        --rounds R          rounds (default 3)
        --servers a,b,...   only these servers (a prefix picks a family: jasyncio, asyncio, uvloop)
        --install           install uvloop if it is missing (apt-get install python3-uvloop);
                            without it, uvloop is skipped and the report says how to get it
        --out FILE          the markdown table (default bench/target/echo/E7.md); the samples go
                            to FILE with .csv for .md
        --repo DIR          the repository (the launcher passes it)
        -h, --help          this help

      Exit status: 0, 1 when a round failed, 2 for a bad option.
      """;

  /** The parsed command line. */
  record Options(
      int conns,
      int rounds,
      @Nullable List<String> servers,
      boolean install,
      @Nullable Path out,
      Path repo,
      boolean help) {
    static Options parse(String[] args) {
      int conns = 10_000;
      int rounds = 3;
      @Nullable List<String> only = null;
      boolean install = false;
      boolean help = false;
      @Nullable Path out = null;
      Path repo = Path.of(".").toAbsolutePath().normalize();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "-h", "--help" -> help = true;
          case "--conns" -> conns = Cli.positive(a, Cli.value(args, ++i, a));
          case "--rounds" -> rounds = Cli.positive(a, Cli.value(args, ++i, a));
          case "--servers" -> only = List.of(Cli.value(args, ++i, a).split(",", -1));
          case "--install" -> install = true;
          case "--no-install" -> install = false;
          case "--out" -> out = Path.of(Cli.value(args, ++i, a));
          case "--repo" -> repo = Path.of(Cli.value(args, ++i, a)).toAbsolutePath().normalize();
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
      return new Options(conns, rounds, only, install, out, repo, help);
    }
  }

  public static void main(String[] args) throws Exception {
    int status = cli(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Parses {@code args} and runs E7; returns the exit status: 0; 1 when a round failed; 2 for a bad
   * option (the error and the usage on {@code err}). {@code --help} prints the usage on {@code out}
   * and returns 0.
   */
  static int cli(String[] args, PrintStream out, PrintStream err) throws Exception {
    Options o;
    List<EchoBench.Server> servers;
    List<String> notes = new ArrayList<>();
    try {
      o = Options.parse(args);
      if (o.help()) {
        out.print(USAGE);
        return 0;
      }
      List<String> eargs = new ArrayList<>(List.of("--repo", o.repo().toString()));
      if (o.install()) {
        eargs.add("--install");
      }
      if (o.servers() != null) {
        eargs.addAll(List.of("--servers", String.join(",", o.servers())));
      }
      servers = Servers.discover(EchoBench.Options.parse(eargs.toArray(String[]::new)), notes);
    } catch (IllegalArgumentException e) {
      return Cli.usageError("bench-idle", e, USAGE, err);
    }
    notes.forEach(n -> err.println("bench-idle: note: " + n));
    Path md = o.out() != null ? o.out() : o.repo().resolve("bench/target/echo/E7.md");
    out.printf(
        Locale.ROOT,
        "E7: %d idle connections, %d rounds; load average %.2f%n",
        o.conns(),
        o.rounds(),
        EchoBench.loadAverage());
    Map<String, List<Double>> perConn = new LinkedHashMap<>();
    List<Csv.Row> rows = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Path logs = Files.createTempDirectory("idle-bench");
    List<String> plan = new ArrayList<>();
    for (int r = 1; r <= o.rounds(); r++) {
      servers.forEach(s -> plan.add(s.name()));
    }
    Progress bar = new Progress(plan, err, System::nanoTime);
    int run = 0;
    for (int r = 1; r <= o.rounds(); r++) {
      for (EchoBench.Server s : servers) {
        bar.start(run++, String.format(Locale.ROOT, "%s  round %d/%d", s.name(), r, o.rounds()));
        double b;
        try {
          b = round(s, o.conns(), logs);
        } catch (IOException e) {
          failures.add(s.name() + ", round " + r + ": " + e.getMessage());
          bar.end("FAILED: " + e.getMessage());
          continue;
        }
        perConn.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(b);
        rows.add(
            new Csv.Row(
                "E7", "idle connections", s.name(), o.conns(), r, "bytes_per_conn", b, "bytes"));
        bar.end(String.format(Locale.ROOT, "%.0f bytes/connection", b));
      }
    }
    List<String> table = table(perConn);
    out.println();
    table.forEach(out::println);
    Path csv = Csv.besides(md);
    Path dir = md.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("## E7 memory per idle connection (generated ")
        .append(LocalDate.now(ZoneId.systemDefault()))
        .append(")\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%d connections, one 1-byte round trip each, then idle; (RSS after - RSS before) /"
                + " %d, median of %d rounds; %s. Every sample is in `%s` beside this file (%s).\n\n",
            o.conns(),
            o.conns(),
            o.rounds(),
            Spread.EXPLAINED,
            csv.getFileName(),
            Csv.HEADER));
    table.forEach(l -> sb.append(l).append('\n'));
    notes.forEach(n -> sb.append("\n- note: ").append(n));
    failures.forEach(f -> sb.append("\n- FAILED: ").append(f));
    sb.append('\n');
    Files.writeString(md, sb.toString(), StandardCharsets.UTF_8);
    Csv.write(csv, rows);
    out.println();
    notes.forEach(n -> out.println("note: " + n));
    out.println("bench-idle: wrote " + md.toAbsolutePath().normalize());
    out.println("bench-idle: samples in " + csv.toAbsolutePath().normalize());
    failures.forEach(f -> err.println("bench-idle: FAILED: " + f));
    return failures.isEmpty() ? 0 : 1;
  }

  /** The table: per server, the median bytes per idle connection, its spread, and the ratio. */
  static List<String> table(Map<String, List<Double>> perConn) {
    List<String> t = new ArrayList<>();
    List<Double> ref = perConn.get("asyncio-streams");
    double asyncio = ref == null ? Double.NaN : Spread.of(ref).median();
    t.add("| server | bytes per idle connection (median [spread]) | vs asyncio-streams |");
    t.add("|---|---:|---:|");
    for (var e : perConn.entrySet()) {
      Spread m = Spread.of(e.getValue());
      t.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |",
              e.getKey(),
              m.cell(v -> String.format(Locale.ROOT, "%,.0f", v)),
              Double.isNaN(asyncio)
                  ? ""
                  : String.format(Locale.ROOT, "%.2fx", m.median() / asyncio)));
    }
    return t;
  }

  private static double round(EchoBench.Server s, int conns, Path logs)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(s.command());
    int port = EchoBench.freePort();
    cmd.add(Integer.toString(port));
    Path err = logs.resolve(s.name() + ".stderr");
    Process server =
        new ProcessBuilder(cmd)
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    List<SocketChannel> open = new ArrayList<>();
    try (Selector sel = Selector.open()) {
      EchoBench.awaitReady(server, err);
      Thread.sleep(500);
      long before = rss(server.pid());
      var addr = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
      long deadline = System.nanoTime() + ROUND_SECONDS * 1_000_000_000L;
      for (int done = 0; done < conns; ) { // in batches: a burst of 10,000 SYNs overflows backlogs
        int batch = Math.min(BATCH, conns - done);
        for (int i = 0; i < batch; i++) {
          SocketChannel c = SocketChannel.open();
          c.configureBlocking(false);
          c.connect(addr);
          c.register(sel, SelectionKey.OP_CONNECT);
          open.add(c);
        }
        int pending = batch;
        while (pending > 0) { // connect, send one byte, read it back
          sel.select(1000);
          for (SelectionKey k : sel.selectedKeys()) {
            SocketChannel c = (SocketChannel) k.channel();
            if (k.isConnectable() && c.finishConnect()) {
              c.write(ByteBuffer.wrap(new byte[] {1}));
              k.interestOps(SelectionKey.OP_READ);
            } else if (k.isReadable()) {
              int n = c.read(ByteBuffer.allocate(16));
              if (n != 0) {
                k.interestOps(0);
                pending--;
              }
            }
          }
          sel.selectedKeys().clear();
          if (System.nanoTime() > deadline) {
            throw new IOException(
                "timed out: "
                    + s.name()
                    + " did not answer every connection in "
                    + ROUND_SECONDS
                    + " s (it was killed)");
          }
          if (!server.isAlive()) {
            throw new IOException(
                s.name() + " exited: " + Files.readString(err, StandardCharsets.UTF_8));
          }
        }
        done += batch;
      }
      Thread.sleep(1000); // idle
      long after = rss(server.pid());
      return (after - before) / (double) conns;
    } finally {
      for (SocketChannel c : open) {
        c.close();
      }
      EchoBench.stop(server);
    }
  }

  /** The resident set of a process, in bytes, from /proc. */
  static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }
}
