package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The medians with their spread, the CSV of samples, and the lines of progress. */
class SpreadCsvProgressTest {
  @Test
  void belowFiveSamplesTheSpreadIsMinToMax() {
    Spread s = Spread.of(List.of(3.0, 1.0, 2.0));
    assertThat(s).isEqualTo(new Spread(2.0, 1.0, 3.0, 3));
    assertThat(s.isInterquartile()).isFalse();
    assertThat(s.cell()).isEqualTo("2.000 [1.000..3.000]");
  }

  @Test
  void fromFiveSamplesTheSpreadIsTheInterquartileRange() {
    // Sorted 1 2 3 4 100: Q1 at index 1, Q3 at index 3 (linear interpolation, type 7).
    Spread s = Spread.of(List.of(100.0, 4.0, 3.0, 2.0, 1.0));
    assertThat(s).isEqualTo(new Spread(3.0, 2.0, 4.0, 5));
    assertThat(s.isInterquartile()).isTrue();
    // Six samples: Q1 at index 1.25, Q3 at 3.75.
    assertThat(Spread.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)))
        .isEqualTo(new Spread(3.5, 2.25, 4.75, 6));
  }

  @Test
  void oneSampleHasNoBracketAndNoneIsNotAvailable() {
    assertThat(Spread.of(List.of(417.0)).cell()).isEqualTo("417");
    assertThat(Spread.of(List.of()).cell()).isEqualTo("n/a");
    assertThat(Spread.of(List.of(Double.NaN, 5.0)).n()).isEqualTo(1);
  }

  @Test
  void theCsvHasOneRowPerValueInPlainNumbers(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("E1-quick.md");
    Path csv = Csv.besides(md);
    assertThat(csv.getFileName().toString()).isEqualTo("E1-quick.csv");
    Csv.write(
        csv,
        List.of(
            new Csv.Row("bench", "W4 depth 200", "kotlin", 10_000, 2, "switch_cost", 412.5, "ns"),
            new Csv.Row("bench", "W1", "asyncio", 1_000_000, 1, "ops", 1e6, "count"),
            new Csv.Row("E1", "echo, odd \"name\"", "x", 1024, 1, "rt", 0.000125, "1/s"),
            new Csv.Row("bench", "W2", "uvloop", 1, 1, "peak_rss", Double.NaN, "bytes")));
    assertThat(Files.readAllLines(csv))
        .containsExactly(
            "suite,workload,peer,size,rep,metric,value,unit",
            "bench,W4 depth 200,kotlin,10000,2,switch_cost,412.5,ns",
            "bench,W1,asyncio,1000000,1,ops,1000000,count",
            "E1,\"echo, odd \"\"name\"\"\",x,1024,1,rt,0.000125,1/s");
  }

  @Test
  void progressSaysWhereTheRunIsAndEstimatesWhatIsLeft() {
    AtomicLong now = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    // Two reps of two runs: a (10 s) and b (50 s).
    Progress p = new Progress(List.of("a", "b", "a", "b"), err, now::get);
    p.start(0, "a rep 1/2");
    now.addAndGet(10_000_000_000L);
    p.end("10 s");
    p.start(1, "b rep 1/2");
    now.addAndGet(50_000_000_000L);
    p.end("50 s");
    p.start(2, "a rep 2/2");
    now.addAndGet(12_000_000_000L);
    p.end("12 s");
    p.start(3, "b rep 2/2");
    now.addAndGet(200_000_000_000L);
    p.end("TIMED OUT");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            // after a: b at the mean so far (10), a as it took (10), b at the mean (10)
            "[1/4] a rep 1/2 ... 10 s (elapsed 10s, about 30s left)",
            // after b: a (10) + b (50)
            "[2/4] b rep 1/2 ... 50 s (elapsed 1m00s, about 1m00s left)",
            "[3/4] a rep 2/2 ... 12 s (elapsed 1m12s, about 50s left)",
            "[4/4] b rep 2/2 ... TIMED OUT (elapsed 4m32s, done)");
  }

  @Test
  void durationsAreShort() {
    assertThat(Progress.duration(0.4)).isEqualTo("0s");
    assertThat(Progress.duration(59)).isEqualTo("59s");
    assertThat(Progress.duration(190)).isEqualTo("3m10s");
    assertThat(Progress.duration(3900)).isEqualTo("1h05m");
  }
}
