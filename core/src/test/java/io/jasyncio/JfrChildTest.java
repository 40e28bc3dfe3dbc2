package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The io.jasyncio.* events in a child JVM ({@link JfrProgram}), where what was loaded and how the
 * recording was started are under the test's control: with no recording, the event classes and the
 * recorder's machinery are never loaded; with {@code -XX:StartFlightRecording} and the settings
 * file the docs give ({@code docs/jasyncio.jfc}), the events are in the file.
 */
class JfrChildTest {
  @TempDir Path dir;

  @Test
  void withNoRecordingNeitherTheEventsNorTheRecordersMetadataAreLoaded() throws Exception {
    List<String> lines = runChild("-Xlog:class+load=info:stdout");
    assertThat(lines).contains("result 42 boom cancelled");
    assertThat(lines).anyMatch(l -> l.contains("] io.jasyncio.Flight ")); // the hooks are there
    assertThat(lines)
        .noneMatch(l -> l.contains("] io.jasyncio.FlightEvents"))
        .noneMatch(l -> l.contains("] jdk.jfr.Event "))
        .noneMatch(l -> l.contains("] jdk.jfr.internal.MetadataRepository "));
  }

  @Test
  void startFlightRecordingWithTheDocumentedSettingsFileRecordsTheEvents() throws Exception {
    Path jfc = Path.of("..", "docs", "jasyncio.jfc").toAbsolutePath().normalize();
    assertThat(jfc).exists();
    Path file = dir.resolve("child.jfr");
    List<String> lines =
        runChild("-XX:StartFlightRecording:settings=default,settings=" + jfc + ",filename=" + file);
    assertThat(lines).contains("result 42 boom cancelled");
    Map<String, String> done = new TreeMap<>();
    TreeSet<Long> createdIds = new TreeSet<>();
    TreeSet<Long> doneIds = new TreeSet<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      switch (e.getEventType().getName()) {
        case "io.jasyncio.TaskCreated" -> createdIds.add(e.getLong("taskId"));
        case "io.jasyncio.TaskDone" -> {
          doneIds.add(e.getLong("taskId"));
          done.put(e.getString("taskName"), e.getString("outcome"));
        }
        default -> {}
      }
    }
    assertThat(done)
        .containsEntry("sleeper", "result")
        .containsEntry("failing", "exception")
        .containsEntry("cancelled", "cancelled");
    assertThat(createdIds).isNotEmpty().isEqualTo(doneIds);
  }

  /** Runs JfrProgram in a child JVM on this run's engine, with {@code options}; its output. */
  private static List<String> runChild(String... options) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    if (Engine.defaultEngine() == Engine.CONTINUATIONS) {
      cmd.add("--add-exports");
      cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
    }
    cmd.add(
        "-Djasyncio.engine="
            + Engine.defaultEngine().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    cmd.addAll(List.of(options));
    cmd.add("-cp");
    cmd.add(location(Asyncio.class) + java.io.File.pathSeparator + location(JfrProgram.class));
    cmd.add(JfrProgram.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child ended").isTrue();
    assertThat(p.exitValue()).as("exit status; output: %s", lines).isZero();
    return lines;
  }

  private static String location(Class<?> c) throws Exception {
    Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(Files.exists(p)).isTrue();
    return p.toString();
  }
}
