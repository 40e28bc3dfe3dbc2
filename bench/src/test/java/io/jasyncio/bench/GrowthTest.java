package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jasyncio bench-growth}: its command line (usage on --help, the error and the usage on a
 * bad one), and the whole series at smoke size, so that it cannot rot: three peers (a Java one with
 * the continuations' exports, Kotlin, asyncio capped by --python-max), two tiny sizes, one round;
 * the tables, the CSV and the charts written to a temporary directory.
 */
class GrowthTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() throws Exception {
    for (String h : List.of("--help", "-h")) {
      outBytes.reset();
      assertThat(Growth.cli(new String[] {"--smoke", h}, out, err)).isZero();
      assertThat(out()).isEqualTo(Growth.USAGE);
    }
    assertThat(err()).isEmpty();
    assertThat(Growth.USAGE).startsWith("usage: ./jasyncio bench-growth [OPTIONS]");
    assertThat(Growth.USAGE)
        .contains("--sizes")
        .contains("--rounds N")
        .contains("--python-max N")
        .contains("--heap SIZE")
        .contains("--noisy")
        .contains("--out DIR")
        .contains("--help");
  }

  @Test
  void anUnknownOptionIsTheErrorThenTheUsageAndStatus2() throws Exception {
    assertThat(Growth.cli(new String[] {"--smoke", "--fast"}, out, err)).isEqualTo(2);
    assertThat(out()).isEmpty();
    assertThat(err()).isEqualTo("bench-growth: unknown option '--fast'\n\n" + Growth.USAGE);
  }

  @Test
  void aBadValueNamesTheOption() {
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--sizes", "10k,lots"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--sizes needs a whole number >= 1 such as 5000, 10k or 5M, not 'lots'");
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--sizes", "1,10k"}))
        .hasMessage("--sizes: sizes start at 2 (N=1, the baseline, always runs), not '1'");
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--sizes", "5000M"}))
        .hasMessageStartingWith("--sizes needs a whole number");
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--rounds"}))
        .hasMessage("--rounds needs a value");
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--rounds", "0"}))
        .hasMessage("--rounds needs a whole number >= 1, not '0'");
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--heap", "lots"}))
        .hasMessage("--heap needs a heap size for -Xmx such as 16g or 4096m, not 'lots'");
    assertThatThrownBy(() -> Growth.Options.parse(new String[] {"--peers", "asyncio,pypy"}))
        .hasMessage(
            "--peers: no peer is called 'pypy'; the peers: jasyncio-cont, jasyncio-vt, kotlin,"
                + " vthreads, jdk-floor, asyncio, uvloop");
  }

  @Test
  void theOptionsAreRead() {
    Growth.Options d = Growth.Options.parse(new String[] {});
    assertThat(d.sizes).containsExactly(10_000, 100_000, 1_000_000, 5_000_000);
    assertThat(d.rounds()).isEqualTo(3);
    assertThat(d.pythonMax).isEqualTo(1_000_000);
    assertThat(d.heap).isEqualTo("16g");
    assertThat(d.outDir()).isEqualTo(Path.of(".").resolve("docs/bench"));
    assertThat(d.noisy).isFalse();

    Growth.Options o =
        Growth.Options.parse(
            new String[] {
              "--sizes",
              "1M,10k,10_000,2000",
              "--rounds",
              "2",
              "--python-max",
              "100k",
              "--heap",
              "4096m",
              "--timeout",
              "60",
              "--peers",
              "kotlin,asyncio",
              "--noisy"
            });
    assertThat(o.sizes).containsExactly(2_000, 10_000, 1_000_000); // sorted, once each
    assertThat(o.rounds()).isEqualTo(2);
    assertThat(o.pythonMax).isEqualTo(100_000);
    assertThat(o.heap).isEqualTo("4096m");
    assertThat(o.timeout).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.peers).containsExactly("kotlin", "asyncio");
    assertThat(o.noisy).isTrue();

    Growth.Options s = Growth.Options.parse(new String[] {"--smoke"});
    assertThat(s.sizes).containsExactly(100, 1_000);
    assertThat(s.rounds()).isEqualTo(1);
    assertThat(s.outDir()).isEqualTo(Path.of(".").resolve("bench/target/growth-smoke"));
  }

  @Test
  void thePeersTakeTurnsToGoFirst() {
    List<Peer> ps =
        List.of(
            new Peer("a", "", List.of()),
            new Peer("b", "", List.of()),
            new Peer("c", "", List.of()));
    assertThat(Growth.order(ps, 1).stream().map(Peer::name)).containsExactly("a", "b", "c");
    assertThat(Growth.order(ps, 2).stream().map(Peer::name)).containsExactly("b", "c", "a");
    assertThat(Growth.order(ps, 4).stream().map(Peer::name)).containsExactly("a", "b", "c");
  }

  @Test
  void theSeriesRunsEndToEndAtSmokeSize(@TempDir Path dir) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    int status =
        Growth.cli(
            new String[] {
              "--smoke",
              "--peers",
              "jasyncio-cont,kotlin,asyncio",
              "--python-max",
              "100",
              "--heap",
              "256m",
              "--repo",
              repo.toString(),
              "--out",
              dir.toString()
            },
            out,
            err);
    assertThat(status).as("exit status: 0 when every run measured; stderr:\n%s", err()).isZero();

    String md = Files.readString(dir.resolve("growth.md"));
    assertThat(md).startsWith("# How cost grows with work");
    assertThat(md).contains("--sizes 100,1k --rounds 1 --python-max 100 --heap 256m");
    assertThat(md).contains("W2: N tasks sleep 1 s, gathered: wall time");
    assertThat(md).contains("W2: peak RSS per task above the N=1 run of the same round");
    assertThat(md).contains("W3: create and gather N tasks");
    assertThat(md).contains("| N | jasyncio-cont | kotlin | asyncio |");
    assertThat(md).contains("1-minute load average");
    assertThat(md).contains("-Xmx256m");
    // asyncio ran at N=100, not at 1k (--python-max 100)
    assertThat(md.lines().filter(l -> l.startsWith("| 1k |")))
        .hasSize(Growth.METRICS.size())
        .allMatch(l -> l.endsWith("| not run |"));
    assertThat(md.lines().filter(l -> l.startsWith("| 100 |")))
        .noneMatch(l -> l.contains("not run") || l.contains("n/a") || l.contains("failed"));

    List<String> csv = Files.readAllLines(dir.resolve("growth.csv"));
    assertThat(csv.get(0)).isEqualTo(Csv.HEADER);
    for (String peer : List.of("jasyncio-cont", "kotlin", "asyncio")) {
      assertThat(csv).anyMatch(l -> l.startsWith("growth,W2," + peer + ",1,1,peak_rss,"));
      assertThat(csv).anyMatch(l -> l.startsWith("growth,W2," + peer + ",100,1,bytes_per_task,"));
      assertThat(csv).anyMatch(l -> l.startsWith("growth,W3," + peer + ",100,1,tasks_per_s,"));
      assertThat(csv).anyMatch(l -> l.startsWith("growth,W3," + peer + ",100,1,other_cpu,"));
    }
    assertThat(csv).noneMatch(l -> l.startsWith("growth,W2,asyncio,1000,"));
    assertThat(csv).anyMatch(l -> l.startsWith("growth,W2,kotlin,1000,1,seconds,"));

    for (String chart : Growth.CHARTS) {
      byte[] png = Files.readAllBytes(dir.resolve(chart));
      assertThat(png[1]).as(chart).isEqualTo((byte) 'P'); // \x89PNG
    }
    assertThat(out()).contains("bench-growth: wrote ");
  }
}
