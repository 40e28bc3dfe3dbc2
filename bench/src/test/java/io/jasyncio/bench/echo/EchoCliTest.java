package io.jasyncio.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench-echo} and {@code bench-idle} on the command line: usage, never a stack trace. */
class EchoCliTest {
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
  void benchEchoHelpPrintsTheUsage() throws Exception {
    assertThat(EchoBench.cli(new String[] {"--quick", "--help"}, out, err)).isZero();
    assertThat(out()).isEqualTo(EchoBench.USAGE);
    assertThat(err()).isEmpty();
    assertThat(EchoBench.USAGE).startsWith("usage: ./jasyncio bench-echo [OPTIONS]");
  }

  @Test
  void benchEchoUnknownOptionIsTheErrorThenTheUsage() throws Exception {
    assertThat(EchoBench.cli(new String[] {"--smoke", "--sizzle"}, out, err)).isEqualTo(2);
    assertThat(out()).isEmpty();
    assertThat(err()).isEqualTo("bench-echo: unknown option '--sizzle'\n\n" + EchoBench.USAGE);
  }

  @Test
  void benchEchoBadValuesNameTheOption() throws Exception {
    assertThat(EchoBench.cli(new String[] {"--rounds", "many"}, out, err)).isEqualTo(2);
    assertThat(err()).startsWith("bench-echo: --rounds needs a whole number, not 'many'\n");
    assertThatThrownBy(() -> EchoBench.Options.parse(new String[] {"--sizes", "1k,big"}))
        .hasMessage("--sizes needs a whole number, not 'big'");
    assertThatThrownBy(() -> EchoBench.Options.parse(new String[] {"--seconds", "-1"}))
        .hasMessage("--seconds needs a number of seconds, not '-1'");
    assertThatThrownBy(() -> EchoBench.Options.parse(new String[] {"--out"}))
        .hasMessage("--out needs a value");
  }

  @Test
  void benchEchoInstallsOnlyWhenAsked() {
    assertThat(EchoBench.Options.parse(new String[] {}).install).isFalse();
    assertThat(EchoBench.Options.parse(new String[] {"--install"}).install).isTrue();
    assertThat(EchoBench.Options.parse(new String[] {"--no-install"}).install).isFalse();
  }

  @Test
  void benchIdleHelpPrintsTheUsage() throws Exception {
    assertThat(IdleBench.cli(new String[] {"-h"}, out, err)).isZero();
    assertThat(out()).isEqualTo(IdleBench.USAGE);
    assertThat(err()).isEmpty();
  }

  @Test
  void benchIdleUnknownOptionIsTheErrorThenTheUsage() throws Exception {
    assertThat(IdleBench.cli(new String[] {"--conns", "10", "--idle"}, out, err)).isEqualTo(2);
    assertThat(out()).isEmpty();
    assertThat(err()).isEqualTo("bench-idle: unknown option '--idle'\n\n" + IdleBench.USAGE);
  }

  @Test
  void benchIdleReadsItsOptions() {
    IdleBench.Options o =
        IdleBench.Options.parse(
            new String[] {"--conns", "1_000", "--rounds", "2", "--servers", "netty,asyncio"});
    assertThat(o.conns()).isEqualTo(1000);
    assertThat(o.rounds()).isEqualTo(2);
    assertThat(o.servers()).isEqualTo(List.of("netty", "asyncio"));
    assertThat(o.install()).isFalse();
    assertThatThrownBy(() -> IdleBench.Options.parse(new String[] {"--rounds", "0"}))
        .hasMessage("--rounds needs a whole number >= 1, not '0'");
  }
}
