package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness at smoke size, so it cannot rot: every peer's worker runs every workload once,
 * the table and targets are computed, BENCHMARKS.md, its CSV of samples and the charts are written
 * (to a temporary directory, never over the real ones). It installs nothing: without --install, a
 * missing uvloop is skipped.
 */
class BenchSmokeTest {
  @Test
  void theHarnessRunsEndToEndAtSmokeSize(@TempDir Path out) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertThat(repo.resolve("bench/src/main/python/asyncio_workloads.py")).exists();
    int status =
        BenchMain.cli(
            new String[] {"--smoke", "--repo", repo.toString(), "--out", out.toString()},
            System.out,
            System.err);
    assertThat(status).as("exit status: 0 when every run measured").isZero();

    String md = Files.readString(out.resolve("BENCHMARKS.md"));
    assertThat(md).contains(BenchMain.BEGIN).contains(BenchMain.END);
    for (String peer :
        List.of("jasyncio-cont", "jasyncio-vt", "kotlin", "vthreads", "jdk-floor", "asyncio")) {
      assertThat(md).contains(peer);
    }
    assertThat(md).contains("W1 switch").contains("W2 lesson").contains("W3 spawn");
    assertThat(md).contains("W4 deep stacks, depth 200");
    assertThat(md).contains("### Targets").contains("### Machine");
    assertThat(md).contains("`BENCHMARKS.csv`");
    List<String> csv = Files.readAllLines(out.resolve("BENCHMARKS.csv"));
    assertThat(csv.get(0)).isEqualTo(Csv.HEADER);
    for (String peer :
        List.of("jasyncio-cont", "jasyncio-vt", "kotlin", "vthreads", "jdk-floor", "asyncio")) {
      assertThat(csv)
          .anyMatch(l -> l.startsWith("bench,W4 depth 200," + peer + ",100,1,switch_cost,"));
      assertThat(csv).anyMatch(l -> l.startsWith("bench,W2," + peer + ",100,1,seconds,"));
    }
    for (String chart : Charts.FILES) {
      Path png = out.resolve("docs/bench").resolve(chart);
      assertThat(png).exists();
      byte[] head = Files.readAllBytes(png);
      assertThat(head[1]).isEqualTo((byte) 'P'); // \x89PNG
    }
  }

  @Test
  void theGeneratedPartIsReplacedAndTheRestKept(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("BENCHMARKS.md");
    Files.writeString(
        md,
        "# Title\n\nhand-written\n\n" + BenchMain.BEGIN + "\nold\n" + BenchMain.END + "\ntail\n");
    BenchMain.rewriteGenerated(md, "new\n");
    assertThat(Files.readString(md))
        .isEqualTo(
            "# Title\n\nhand-written\n\n"
                + BenchMain.BEGIN
                + "\nnew\n"
                + BenchMain.END
                + "\ntail\n");
  }
}
