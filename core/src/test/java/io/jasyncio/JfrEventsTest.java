package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.toThread;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The io.jasyncio.* Flight Recorder events: recorded by a {@link Recording} in this JVM, dumped to
 * a file and read back with {@link RecordingFile}. Each test runs on the engine of the surefire
 * execution.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JfrEventsTest {
  @TempDir Path dir;

  static int sleeper() {
    sleep(1);
    return 42;
  }

  static void failing() {
    sleep(0.5);
    throw new IllegalStateException("boom");
  }

  static void sleepsLong() {
    sleep(10);
  }

  /**
   * Three tasks: one returns, one fails, one is cancelled while it sleeps; returns what each ended
   * with. (No AssertJ here: a child JVM runs it too, see JfrProgram.)
   */
  static String mainProgram() {
    Task<Integer> sleeper = createTask(JfrEventsTest::sleeper, "sleeper");
    Task<Void> failing = createTask(JfrEventsTest::failing, "failing");
    Task<Void> cancelled = createTask(JfrEventsTest::sleepsLong, "cancelled");
    sleep(0.1);
    cancelled.cancel("stop");
    StringBuilder out = new StringBuilder().append(sleeper.await());
    try {
      failing.await();
    } catch (IllegalStateException e) {
      out.append(' ').append(e.getMessage());
    }
    try {
      cancelled.await();
    } catch (CancelledError e) {
      out.append(" cancelled");
    }
    return out.toString();
  }

  /** Runs {@code mainProgram} on a new virtual-time loop; returns the loop's label. */
  private static String runProgram() {
    try (EventLoop loop = new EventLoop(Engine.defaultEngine(), true)) {
      assertThat(loop.runUntilComplete(loop.createTask(JfrEventsTest::mainProgram, "main")))
          .isEqualTo("42 boom cancelled");
      return Flight.loopLabel(loop);
    }
  }

  private List<RecordedEvent> dump(Recording r, String loop, String type) throws Exception {
    Path file = dir.resolve("rec-" + System.nanoTime() + ".jfr");
    r.dump(file);
    List<RecordedEvent> out = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (e.getEventType().getName().equals(type) && loop.equals(e.getString("loop"))) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(RecordedEvent::getStartTime));
    return out;
  }

  @Test
  void tasksCreatedAndDoneWithTheirOutcomesAndEveryStepAtThresholdZero() throws Exception {
    String loop;
    try (Recording r = new Recording()) {
      r.enable("io.jasyncio.TaskCreated");
      r.enable("io.jasyncio.TaskDone");
      r.enable("io.jasyncio.SlowStep").withThreshold(Duration.ZERO);
      r.start();
      loop = runProgram();
      r.stop();

      List<RecordedEvent> created = dump(r, loop, "io.jasyncio.TaskCreated");
      created.sort(Comparator.comparingLong(e -> e.getLong("taskId")));
      assertThat(created)
          .extracting(e -> e.getString("taskName") + " by " + e.getString("creator"))
          .containsExactly(
              "main by null", "sleeper by main", "failing by main", "cancelled by main");
      assertThat(created).allSatisfy(e -> assertThat(e.getBoolean("eager")).isFalse());
      // its stack trace is where the task was created
      assertThat(created.get(1).getStackTrace().getFrames())
          .anySatisfy(f -> assertThat(f.getMethod().getName()).isEqualTo("mainProgram"));

      Map<String, String> done = new TreeMap<>();
      for (RecordedEvent e : dump(r, loop, "io.jasyncio.TaskDone")) {
        RecordedClass c = e.getValue("exceptionClass");
        done.put(
            e.getString("taskName"),
            e.getString("outcome")
                + (c == null ? "" : " " + c.getName())
                + (e.getString("message") == null ? "" : " '" + e.getString("message") + "'")
                + (e.getBoolean("fromCreation") ? "" : " (not from creation)"));
      }
      assertThat(done)
          .containsExactlyEntriesOf(
              new TreeMap<>(
                  Map.of(
                      "main", "result",
                      "sleeper", "result",
                      "failing", "exception java.lang.IllegalStateException 'boom'",
                      "cancelled", "cancelled 'stop'")));

      // Every step, in order per task, with where it ended ("" when the body ended there).
      Map<String, List<String>> steps = new LinkedHashMap<>();
      for (RecordedEvent e : dump(r, loop, "io.jasyncio.SlowStep")) {
        String stack = e.getString("stack");
        String top = stack.isEmpty() ? "" : firstFrameOfThisClass(stack);
        steps.computeIfAbsent(e.getString("taskName"), k -> new ArrayList<>()).add(top);
      }
      assertThat(new TreeMap<>(steps))
          .containsExactlyEntriesOf(
              new TreeMap<>(
                  Map.of(
                      // sleep(0.1); sleeper.await(); then failing and cancelled are done
                      "main", List.of("mainProgram", "mainProgram", ""),
                      "sleeper", List.of("sleeper", ""),
                      "failing", List.of("failing", ""),
                      "cancelled", List.of("sleepsLong", ""))));
    }
  }

  /** The method name of the first frame of this test class in a SlowStep's stack field. */
  private static String firstFrameOfThisClass(String stack) {
    for (String line : stack.split("\n")) {
      String prefix = JfrEventsTest.class.getName() + ".";
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length(), line.indexOf('('));
      }
    }
    return "no frame of the test in: " + stack;
  }

  static void busy() {
    long end = System.nanoTime() + 50_000_000L;
    while (System.nanoTime() < end) {
      Thread.onSpinWait(); // holds the loop for 50 ms of real time
    }
    sleep(0);
  }

  @Test
  void aStepThatBusyWaitsIsRecordedWithTheTaskAndWhereItEnded() throws Exception {
    try (Recording r = new Recording()) {
      r.enable("io.jasyncio.SlowStep").withThreshold(Duration.ofMillis(20));
      r.start();
      String loop;
      try (EventLoop l = new EventLoop(Engine.defaultEngine(), true)) {
        l.runUntilComplete(l.createTask(JfrEventsTest::busy, "busy"));
        loop = Flight.loopLabel(l);
      }
      r.stop();
      List<RecordedEvent> slow = dump(r, loop, "io.jasyncio.SlowStep");
      // a loaded machine may make another step slow too; the busy one must be there
      assertThat(slow)
          .anySatisfy(
              e -> {
                assertThat(e.getString("taskName")).isEqualTo("busy");
                assertThat(firstFrameOfThisClass(e.getString("stack"))).isEqualTo("busy");
                assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
              });
    }
  }

  @Test
  void loopStatisticsSampleARunningLoop() throws Exception {
    CountDownLatch idleSampled = new CountDownLatch(1);
    try (Recording r = new Recording();
        RecordingStream stream = new RecordingStream()) {
      r.enable("io.jasyncio.LoopStatistics").withPeriod(Duration.ofMillis(10));
      stream.enable("io.jasyncio.LoopStatistics").withPeriod(Duration.ofMillis(10));
      String[] label = new String[1];
      stream.onEvent(
          "io.jasyncio.LoopStatistics",
          e -> {
            if (e.getString("loop").equals(label[0]) && e.getInt("tasks") == 1) {
              idleSampled.countDown();
            }
          });
      r.start();
      stream.startAsync();
      Thread loopThread;
      try (EventLoop loop = new EventLoop(Engine.defaultEngine(), true)) {
        label[0] = Flight.loopLabel(loop);
        loop.runUntilComplete(
            loop.createTask(
                () -> {
                  createTask(() -> sleep(1), "timer"); // done before the wait below
                  sleep(2);
                  // the loop waits (its clock held by this job) until a sample saw it so
                  return toThread(() -> idleSampled.await(30, TimeUnit.SECONDS));
                },
                "main"));
        loopThread = Thread.currentThread();
      }
      r.stop();
      assertThat(idleSampled.getCount()).as("a sample of the waiting loop arrived").isZero();
      List<RecordedEvent> stats = dump(r, label[0], "io.jasyncio.LoopStatistics");
      assertThat(stats).isNotEmpty();
      assertThat(stats).allSatisfy(e -> assertThat(e.getBoolean("virtualTime")).isTrue());
      if (!loopThread.isVirtual() && Engine.defaultEngine() == Engine.CONTINUATIONS) {
        assertThat(stats)
            .allSatisfy(
                e ->
                    assertThat(e.getThread("loopThread").getJavaName())
                        .isEqualTo(loopThread.getName()));
      }
      // waiting in toThread: only main pending, nothing ready, no timer, no channel
      assertThat(stats)
          .anySatisfy(
              e -> {
                assertThat(e.getInt("tasks")).isEqualTo(1);
                assertThat(e.getInt("ready")).isZero();
                assertThat(e.getInt("timers")).isZero();
                assertThat(e.getInt("channels")).isZero();
              });
      assertThat(stats.stream().mapToLong(e -> e.getLong("iterations")).sum()).isPositive();
      assertThat(stats.stream().mapToLong(e -> e.getLong("handlesRun")).sum()).isPositive();
    }
  }

  @Test
  void anEagerTaskSaysSoAndATaskCreatedBeforeTheRecordingHasNoLifetime() throws Exception {
    try (EventLoop loop = new EventLoop(Engine.defaultEngine(), true);
        Recording r = new Recording()) {
      Task<Void> early = loop.createTask(() -> sleep(1), "early"); // before the recording
      r.enable("io.jasyncio.TaskCreated");
      r.enable("io.jasyncio.TaskDone");
      r.start();
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                loop.createTask(() -> sleep(0), "eager", true);
                early.await();
              },
              "main"));
      r.stop();
      String label = Flight.loopLabel(loop);
      Map<String, Boolean> eager = new TreeMap<>();
      for (RecordedEvent e : dump(r, label, "io.jasyncio.TaskCreated")) {
        eager.put(e.getString("taskName"), e.getBoolean("eager"));
      }
      assertThat(eager)
          .containsExactlyEntriesOf(new TreeMap<>(Map.of("main", false, "eager", true)));
      Map<String, Boolean> fromCreation = new TreeMap<>();
      for (RecordedEvent e : dump(r, label, "io.jasyncio.TaskDone")) {
        fromCreation.put(e.getString("taskName"), e.getBoolean("fromCreation"));
        if (!e.getBoolean("fromCreation")) {
          assertThat(e.getDuration()).isEqualTo(Duration.ZERO);
        }
      }
      assertThat(fromCreation)
          .containsExactlyEntriesOf(
              new TreeMap<>(Map.of("early", false, "main", true, "eager", true)));
    }
  }

  @Test
  void theDefaultsAreThoseDocumented() {
    FlightRecorder.register(FlightEvents.TaskCreated.class);
    FlightRecorder.register(FlightEvents.TaskDone.class);
    FlightRecorder.register(FlightEvents.SlowStep.class);
    FlightRecorder.register(FlightEvents.LoopStatistics.class);
    Map<String, String> defaults = new TreeMap<>();
    for (EventType t : FlightRecorder.getFlightRecorder().getEventTypes()) {
      if (t.getName().startsWith("io.jasyncio.")) {
        for (SettingDescriptor s : t.getSettingDescriptors()) {
          defaults.put(t.getName() + "#" + s.getName(), s.getDefaultValue());
        }
      }
    }
    assertThat(defaults)
        .containsEntry("io.jasyncio.TaskCreated#enabled", "false")
        .containsEntry("io.jasyncio.TaskCreated#stackTrace", "true")
        .containsEntry("io.jasyncio.TaskDone#enabled", "false")
        .containsEntry("io.jasyncio.SlowStep#enabled", "true")
        .containsEntry("io.jasyncio.SlowStep#threshold", "100 ms")
        .containsEntry("io.jasyncio.LoopStatistics#enabled", "true")
        .containsEntry("io.jasyncio.LoopStatistics#period", "1 s");
  }

  @Test
  void withNoRecordingTheProgramRunsAsUsual() {
    assertThat(runProgram()).isNotEmpty();
  }

  @Test
  void aRecordingWithTheEventsDisabledRecordsNoneOfThem() throws Exception {
    try (Recording r = new Recording()) {
      r.disable("io.jasyncio.TaskCreated");
      r.disable("io.jasyncio.TaskDone");
      r.disable("io.jasyncio.SlowStep");
      r.disable("io.jasyncio.LoopStatistics");
      r.enable("jdk.ThreadSleep"); // something, so that the recording is not empty
      r.start();
      runProgram();
      r.stop();
      Path file = dir.resolve("disabled.jfr");
      r.dump(file);
      assertThat(Files.exists(file)).isTrue();
      assertThat(RecordingFile.readAllEvents(file))
          .noneSatisfy(e -> assertThat(e.getEventType().getName()).startsWith("io.jasyncio."));
    }
  }
}
