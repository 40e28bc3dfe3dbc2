package io.jasyncio.bench;

import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
import java.io.IOException;
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

/**
 * {@code ./jasyncio bench [--quick]}: runs every workload in every peer, interleaved, several
 * times; prints a table of medians with ratios to jasyncio; rewrites the generated part of
 * BENCHMARKS.md and draws the charts under docs/bench/.
 *
 * <p>Options: {@code --quick} (small sizes, written under bench/target/quick, not BENCHMARKS.md),
 * {@code --smoke} (tiny sizes, one repetition, no JMH: the test suite's run), {@code --reps N},
 * {@code --no-jmh}, {@code --no-install} (do not apt-get python3-uvloop), {@code --out DIR}, {@code
 * --repo DIR}, {@code --peers a,b,...}.
 */
public final class BenchMain {
  private BenchMain() {}

  static final String BEGIN = "<!-- BEGIN GENERATED: ./jasyncio bench rewrites this part -->";
  static final String END = "<!-- END GENERATED -->";

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

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Size size = Size.FULL;
    Integer reps = null;
    boolean jmh = true;
    boolean install = true;
    Path repo = Path.of(".");
    Path out = null;
    List<String> only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> size = Size.QUICK;
        case "--smoke" -> size = Size.SMOKE;
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--no-jmh" -> jmh = false;
        case "--no-install" -> install = false;
        case "--repo" -> repo = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--peers" -> only = List.of(args[++i].split(","));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + ": use --quick, --smoke, --reps N, --no-jmh, --no-install, --out DIR,"
                    + " --repo DIR, --peers a,b");
      }
    }
    if (size == Size.SMOKE) {
      jmh = false;
    }
    if (out == null) {
      out =
          size == Size.FULL
              ? repo
              : repo.resolve("bench/target/" + size.name().toLowerCase(Locale.ROOT));
    }
    int r = reps != null ? reps : size.reps;
    List<String> notes = new ArrayList<>();
    List<Peer> peers = new ArrayList<>(Peer.discover(repo, notes, install));
    if (only != null) {
      List<String> keep = only;
      peers.removeIf(p -> !keep.contains(p.name()));
    }
    Results results = measure(peers, size.cases(), r, out.resolve("bench-logs"));
    List<String> jmhTable = jmh ? Jmh.run() : List.of();

    Report report = new Report(results, peers, notes, size, r, jmhTable);
    System.out.println();
    report.table().forEach(System.out::println);
    System.out.println();
    report.targets().forEach(System.out::println);
    Path md = out.resolve("BENCHMARKS.md");
    Files.createDirectories(out);
    rewriteGenerated(md, report.markdown(LocalDate.now(ZoneId.systemDefault()).toString()));
    Charts.draw(results, peers, out.resolve("docs/bench"));
    System.out.println();
    System.out.println("bench: wrote " + md.toAbsolutePath().normalize());
    System.out.println(
        "bench: charts in " + out.resolve("docs/bench").toAbsolutePath().normalize());
  }

  /** Every sample, by case, then by peer name. */
  static final class Results {
    final Map<Case, Map<String, List<Sample>>> samples = new LinkedHashMap<>();

    List<Sample> of(Case c, String peer) {
      return samples.getOrDefault(c, Map.of()).getOrDefault(peer, List.of());
    }
  }

  /** Runs every case in every peer, {@code reps} rounds, peers interleaved within each case. */
  static Results measure(List<Peer> peers, List<Case> cases, int reps, Path logs)
      throws IOException, InterruptedException {
    Results res = new Results();
    for (int rep = 1; rep <= reps; rep++) {
      for (Case c : cases) {
        for (Peer p : peers) {
          Sample s = Runs.run(p, c, logs, 30);
          res.samples
              .computeIfAbsent(c, k -> new LinkedHashMap<>())
              .computeIfAbsent(p.name(), k -> new ArrayList<>())
              .add(s);
          System.out.printf(
              Locale.ROOT,
              "bench: rep %d/%d  %-34s %-14s %9.3f s  ops=%d  rss=%s%n",
              rep,
              reps,
              c.label(),
              p.name(),
              s.seconds(),
              s.ops(),
              s.rssBytes() < 0 ? "?" : Runs.fmt(s.rssBytes() / 1048576.0) + " MiB");
        }
      }
    }
    return res;
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
