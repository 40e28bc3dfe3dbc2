package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./jasyncio bench}'s command line: usage on --help, the error and usage on a bad one. */
class BenchCliTest {
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
      assertThat(BenchMain.cli(new String[] {"--quick", h}, out, err)).isZero();
      assertThat(out()).isEqualTo(BenchMain.USAGE);
    }
    assertThat(err()).isEmpty();
    assertThat(BenchMain.USAGE).startsWith("usage: ./jasyncio bench [OPTIONS]");
    assertThat(BenchMain.USAGE).contains("--install").contains("--timeout S").contains("--help");
  }

  @Test
  void anUnknownOptionIsTheErrorThenTheUsageAndStatus2() throws Exception {
    assertThat(BenchMain.cli(new String[] {"--smoke", "--fast"}, out, err)).isEqualTo(2);
    assertThat(out()).isEmpty();
    assertThat(err()).isEqualTo("bench: unknown option '--fast'\n\n" + BenchMain.USAGE);
  }

  @Test
  void aBadValueNamesTheOption() {
    assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--reps", "three"}))
        .isInstanceOf(BenchMain.UsageException.class)
        .hasMessage("--reps needs a whole number >= 1, not 'three'");
    assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--reps"}))
        .hasMessage("--reps needs a value");
    assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--timeout", "0"}))
        .hasMessage("--timeout needs a whole number >= 1, not '0'");
    assertThatThrownBy(() -> BenchMain.Options.parse(new String[] {"--peers", "asyncio,pypy"}))
        .hasMessage(
            "--peers: no peer is called 'pypy'; the peers: jasyncio-cont, jasyncio-vt, kotlin,"
                + " vthreads, jdk-floor, asyncio, uvloop");
  }

  @Test
  void installingIsOptIn() throws Exception {
    assertThat(BenchMain.Options.parse(new String[] {}).install).isFalse();
    assertThat(BenchMain.Options.parse(new String[] {"--install"}).install).isTrue();
    assertThat(BenchMain.Options.parse(new String[] {"--install", "--no-install"}).install)
        .isFalse();
  }

  @Test
  void theOptionsAreRead() throws Exception {
    BenchMain.Options o =
        BenchMain.Options.parse(
            new String[] {
              "--smoke", "--reps", "2", "--timeout", "90", "--peers", "kotlin,asyncio"
            });
    assertThat(o.size).isEqualTo(BenchMain.Size.SMOKE);
    assertThat(o.reps).isEqualTo(2);
    assertThat(o.jmh).isFalse(); // smoke runs no JMH
    assertThat(o.timeout).isEqualTo(Duration.ofSeconds(90));
    assertThat(o.peers).containsExactly("kotlin", "asyncio");
    assertThat(o.help).isFalse();
  }

  @Test
  void ioRunsTheThreeNetworkBenchesInTheRunsSizeUnderDocsBench() throws Exception {
    BenchMain.Options o =
        BenchMain.Options.parse(new String[] {"--quick", "--io", "--repo", "/r", "--out", "/o"});
    assertThat(o.io).isTrue();
    assertThat(BenchMain.ioRuns(o, BenchMain.dir(o)))
        .containsExactly(
            List.of(
                "io.jasyncio.bench.echo.EchoBench",
                "--quick",
                "--out",
                "/o/docs/bench/io-e1-echo.md",
                "--repo",
                "/r"),
            List.of(
                "io.jasyncio.bench.echo.EchoBench",
                "--http",
                "--quick",
                "--out",
                "/o/docs/bench/io-e3-http.md",
                "--repo",
                "/r"),
            List.of(
                "io.jasyncio.bench.echo.IdleBench",
                "--conns",
                "2000",
                "--rounds",
                "1",
                "--out",
                "/o/docs/bench/io-e7-idle.md",
                "--repo",
                "/r"));
    BenchMain.Options full = BenchMain.Options.parse(new String[] {"--io", "--repo", "/r"});
    assertThat(BenchMain.ioRuns(full, BenchMain.dir(full)).get(1))
        .containsExactly(
            "io.jasyncio.bench.echo.EchoBench",
            "--http",
            "--out",
            "/r/docs/bench/io-e3-http.md",
            "--repo",
            "/r");
  }
}
