package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.bench.BenchMain.Failure;
import io.jasyncio.bench.BenchMain.Results;
import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with stand-in workers (shell one-liners): a peer whose worker hangs costs its cells,
 * not the bench; the others are measured, and the report shows medians with their spread, the
 * timed-out cells, and every sample as CSV.
 */
class BenchMeasureTest {
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aHangingPeerTimesOutAndTheRestIsMeasured(@TempDir Path dir) throws Exception {
    Path count = dir.resolve("count");
    // Takes 1 s in its first repetition, 2 s in its second: what it reports, not what it takes.
    Peer counts =
        new Peer(
            Peer.JASYNCIO_CONT,
            "counts its runs",
            List.of(
                "sh",
                "-c",
                "n=$(cat "
                    + count
                    + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > "
                    + count
                    + "; echo RESULT seconds=$n ops=1000"));
    Peer hangs = new Peer("kotlin", "hangs", List.of("sh", "-c", "sleep 600"));
    Case w1 = new Case(Workload.W1, 1000, 0);
    ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

    Results r =
        BenchMain.measure(
            List.of(counts, hangs),
            List.of(w1),
            2,
            dir.resolve("logs"),
            Duration.ofSeconds(2),
            progress);

    assertThat(r.of(w1, Peer.JASYNCIO_CONT)).extracting(Sample::rep).containsExactly(1, 2);
    assertThat(r.of(w1, Peer.JASYNCIO_CONT)).extracting(Sample::seconds).containsExactly(1.0, 2.0);
    assertThat(r.of(w1, "kotlin")).isEmpty();
    assertThat(r.failures).extracting(Failure::peer).containsExactly("kotlin", "kotlin");
    assertThat(r.failures).extracting(Failure::rep).containsExactly(1, 2);
    assertThat(r.failures).allMatch(Failure::timedOut);

    List<String> lines = progressBytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .startsWith("[1/4] W1 switch, N=1k  jasyncio-cont  rep 1/2 ... 1.000 s");
    assertThat(lines.get(1))
        .startsWith("[2/4] W1 switch, N=1k  kotlin  rep 1/2 ... TIMED OUT: timed out after 2 s");
    assertThat(lines.get(3)).startsWith("[4/4] W1 switch, N=1k  kotlin  rep 2/2 ... TIMED OUT");
    assertThat(lines.get(3)).endsWith(", done)");

    Report report =
        new Report(r, List.of(counts, hangs), List.of(), BenchMain.Size.SMOKE, 2, List.of());
    // 1 s and 2 s for 1000 switches: 1,000,000 and 2,000,000 ns per switch.
    assertThat(report.table())
        .contains(
            "| W1 switch, N=1k | ns/switch (lower is better) | 1,500,000 [1,000,000..2,000,000] |"
                + " timed out |");
    String md = report.markdown("2026-01-01");
    assertThat(md).contains("### Failures").contains("W1 switch, N=1k, kotlin, rep 2: timed out");
    assertThat(md).contains("`BENCHMARKS.csv`").contains(Spread.EXPLAINED);
    assertThat(report.csv())
        .filteredOn(x -> x.metric().equals("switch_cost"))
        .containsExactly(
            new Csv.Row("bench", "W1", Peer.JASYNCIO_CONT, 1000, 1, "switch_cost", 1e6, "ns"),
            new Csv.Row("bench", "W1", Peer.JASYNCIO_CONT, 1000, 2, "switch_cost", 2e6, "ns"));
  }
}
