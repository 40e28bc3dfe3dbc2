package io.jasyncio.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench installs nothing unless asked. */
class MachineTest {
  @Test
  void aMissingUvloopIsSkippedWithTheCommandThatGetsIt() {
    List<String> notes = new ArrayList<>();
    assertThat(Machine.pythonWithUvloop(List.of("/nonexistent/python3"), false, notes)).isEmpty();
    assertThat(notes)
        .containsExactly(
            "uvloop skipped: no python3 here can import uvloop; get it with `sudo apt-get install"
                + " python3-uvloop` (Debian, Ubuntu), or run again with --install to let the bench"
                + " do it");
  }

  @Test
  void aShortCommandThatHangsIsKilledAndGivesNothing() {
    assertThat(Machine.output(List.of("sh", "-c", "echo early; sleep 600"), 1)).isEmpty();
    assertThat(Machine.output(List.of("sh", "-c", "echo fine"), 30)).isEqualTo("fine");
  }
}
