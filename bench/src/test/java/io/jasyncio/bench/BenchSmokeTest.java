package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness at smoke size, so it cannot rot: every peer's worker runs every workload once,
 * the table and targets are computed, BENCHMARKS.md and the charts are written (to a temporary
 * directory, never over the real ones).
 */
class BenchSmokeTest {
  @Test
  void theHarnessRunsEndToEndAtSmokeSize(@TempDir Path out) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertThat(repo.resolve("bench/src/main/python/asyncio_workloads.py")).exists();
    BenchMain.main(
        new String[] {
          "--smoke", "--no-install", "--repo", repo.toString(), "--out", out.toString()
        });

    String md = Files.readString(out.resolve("BENCHMARKS.md"));
    assertThat(md).contains(BenchMain.BEGIN).contains(BenchMain.END);
    for (String peer : List.of("jasyncio-cont", "jasyncio-vt", "kotlin", "vthreads", "asyncio")) {
      assertThat(md).contains(peer);
    }
    assertThat(md).contains("W1 switch").contains("W2 lesson").contains("W3 spawn");
    assertThat(md).contains("W4 deep stacks, depth 200");
    assertThat(md).contains("### Targets").contains("### Machine");
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
