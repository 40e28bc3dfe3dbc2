package io.jasyncio.bench.echo;

import io.jasyncio.bench.Runs;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * (RSS after - RSS before) / N, the median of the rounds. {@code ./jasyncio bench-idle [--conns N]
 * [--rounds R] [--servers a,b]}.
 */
public final class IdleBench {
  private IdleBench() {}

  /**
   * Connections opened at once: more would overflow the smaller listen backlogs (asyncio's 100).
   */
  static final int BATCH = 50;

  public static void main(String[] args) throws Exception {
    int conns = 10_000;
    int rounds = 3;
    @Nullable List<String> only = null;
    Path repo = Path.of(".").toAbsolutePath().normalize();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--conns" -> conns = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--servers" -> only = List.of(args[++i].split(","));
        case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath().normalize();
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + ": use --conns N, --rounds R, --servers a,b");
      }
    }
    List<String> eargs = new ArrayList<>(List.of("--repo", repo.toString(), "--no-install"));
    if (only != null) {
      eargs.addAll(List.of("--servers", String.join(",", only)));
    }
    List<String> notes = new ArrayList<>();
    List<EchoBench.Server> servers =
        EchoBench.discover(EchoBench.Options.parse(eargs.toArray(String[]::new)), notes);
    System.out.printf(
        Locale.ROOT,
        "E7: %d idle connections, %d rounds; load average %.2f%n",
        conns,
        rounds,
        EchoBench.loadAverage());
    Map<String, List<Double>> perConn = new LinkedHashMap<>();
    Path logs = Files.createTempDirectory("idle-bench");
    for (int r = 1; r <= rounds; r++) {
      for (EchoBench.Server s : servers) {
        double b = round(s, conns, logs);
        perConn.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(b);
        System.out.printf(Locale.ROOT, "round %d  %-36s %8.0f bytes/connection%n", r, s.name(), b);
      }
    }
    @Nullable Double asyncio = median(perConn.get("asyncio-streams"));
    System.out.println();
    System.out.println("| server | bytes per idle connection (median) | vs asyncio-streams |");
    System.out.println("|---|---:|---:|");
    for (var e : perConn.entrySet()) {
      double m = Runs.median(e.getValue());
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %s |%n",
          e.getKey(),
          m,
          asyncio == null ? "" : String.format(Locale.ROOT, "%.2fx", m / asyncio));
    }
    notes.forEach(n -> System.out.println("note: " + n));
  }

  private static @Nullable Double median(@Nullable List<Double> v) {
    return v == null ? null : Runs.median(v);
  }

  private static double round(EchoBench.Server s, int conns, Path logs) throws Exception {
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
