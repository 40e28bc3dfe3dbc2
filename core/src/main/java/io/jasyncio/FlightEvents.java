package io.jasyncio;

import io.jasyncio.internal.Strand;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.WeakHashMap;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import org.jspecify.annotations.Nullable;

/**
 * The JDK Flight Recorder events of jasyncio, named {@code io.jasyncio.*}, and how they are filled
 * in. Loaded only once the recorder is initialized (see {@link Flight}).
 *
 * <ul>
 *   <li>{@code io.jasyncio.TaskCreated}: off by default (one per task: enable it to get them), with
 *       the stack of the code that created the task.
 *   <li>{@code io.jasyncio.TaskDone}: off by default; a duration event from the task's creation to
 *       its end, with its outcome.
 *   <li>{@code io.jasyncio.SlowStep}: on, threshold 100 ms; one step of a task that ran that long
 *       without reaching an await point, with the task's frames where the step ended.
 *   <li>{@code io.jasyncio.LoopStatistics}: on, every second; per running loop, what it did since
 *       the last one and what it holds now.
 * </ul>
 */
final class FlightEvents {
  private FlightEvents() {}

  /** The category the events are listed under in JDK Mission Control. */
  private static final String CATEGORY = "jasyncio";

  /** A task was created. */
  @Name("io.jasyncio.TaskCreated")
  @Label("Task Created")
  @Category(CATEGORY)
  @Description("A jasyncio task was created; the stack trace is where")
  @Enabled(false)
  @StackTrace(true)
  static final class TaskCreated extends Event {
    @Label("Task Id")
    @Description("The task's number, unique in the process")
    long taskId;

    @Label("Task")
    @Description("The task's name")
    @Nullable String taskName;

    @Label("Loop")
    @Description("The loop's engine and identity")
    @Nullable String loop;

    @Label("Creator")
    @Description("The task running when it was created; null in a callback or outside the loop")
    @Nullable String creator;

    @Label("Eager")
    @Description("Whether its first step ran inside createTask")
    boolean eager;
  }

  /** A task is done; the duration runs from its creation. */
  @Name("io.jasyncio.TaskDone")
  @Label("Task Done")
  @Category(CATEGORY)
  @Description("A jasyncio task is done: its outcome, and its lifetime as the duration")
  @Enabled(false)
  @StackTrace(false)
  static final class TaskDone extends Event {
    @Label("Task Id")
    @Description("The task's number, unique in the process")
    long taskId;

    @Label("Task")
    @Description("The task's name")
    @Nullable String taskName;

    @Label("Loop")
    @Description("The loop's engine and identity")
    @Nullable String loop;

    @Label("Outcome")
    @Description("result, exception or cancelled")
    @Nullable String outcome;

    @Label("Exception Class")
    @Description(
        "The class of the exception the task ended with; null unless the outcome is exception")
    @Nullable Class<?> exceptionClass;

    @Label("Message")
    @Description("The exception's or the cancellation's message")
    @Nullable String message;

    @Label("From Creation")
    @Description(
        "Whether the duration runs from the task's creation: false for a task created while this"
            + " event was disabled, whose duration is then 0")
    boolean fromCreation;
  }

  /** One step of a task: from the loop resuming its body to the body's next await point. */
  @Name("io.jasyncio.SlowStep")
  @Label("Slow Task Step")
  @Category(CATEGORY)
  @Description(
      "A task step that held the loop at least the threshold: no other task or callback of the loop"
          + " ran meanwhile. The stack field holds the task's frames where the step ended")
  @Threshold("100 ms")
  @StackTrace(false)
  static final class SlowStep extends Event {
    @Label("Task Id")
    @Description("The task's number, unique in the process")
    long taskId;

    @Label("Task")
    @Description("The task's name")
    @Nullable String taskName;

    @Label("Loop")
    @Description("The loop's engine and identity")
    @Nullable String loop;

    @Label("Ended At")
    @Description(
        "The task's frames at the await point where the step ended, most recent first, one a"
            + " line; empty if the task ended in this step")
    @Nullable String stack;
  }

  /** What a running loop did since the last sample, and what it holds now. */
  @Name("io.jasyncio.LoopStatistics")
  @Label("Loop Statistics")
  @Category(CATEGORY)
  @Description(
      "Per running jasyncio loop: its iterations and handles run since the last sample, and its"
          + " tasks, ready handles, timers and channels now (read without stopping the loop)")
  @Period("1 s")
  @StackTrace(false)
  static final class LoopStatistics extends Event {
    @Label("Loop")
    @Description("The loop's engine and identity")
    @Nullable String loop;

    @Label("Loop Thread")
    @Description("The thread running the loop")
    @Nullable Thread loopThread;

    @Label("Virtual Time")
    @Description("Whether the loop runs on virtual time")
    boolean virtualTime;

    @Label("Iterations")
    @Description("Iterations of the loop since the last sample")
    long iterations;

    @Label("Handles Run")
    @Description("Callbacks and task steps run since the last sample")
    long handlesRun;

    @Label("Tasks")
    @Description("Tasks pending now")
    int tasks;

    @Label("Ready")
    @Description("Callbacks and task steps queued to run now")
    int ready;

    @Label("Timers")
    @Description("Timers armed now, not counting cancelled ones")
    int timers;

    @Label("Channels")
    @Description("Channels registered with the loop's selector now")
    int channels;
  }

  // The probes: only their isEnabled() is called, which reads the event type's state (static).
  private static final TaskCreated TASK_CREATED = new TaskCreated();
  private static final TaskDone TASK_DONE = new TaskDone();
  private static final SlowStep SLOW_STEP = new SlowStep();

  static void created(Task<?> task, boolean eager) {
    if (TASK_CREATED.isEnabled()) {
      TaskCreated e = new TaskCreated();
      e.taskId = task.number;
      e.taskName = task.getName();
      e.loop = Flight.loopLabel(task.getLoop());
      Task<?> creator = task.getLoop().turn.current;
      e.creator = creator == null ? null : creator.getName();
      e.eager = eager;
      e.commit();
    }
    if (TASK_DONE.isEnabled()) {
      TaskDone d = new TaskDone();
      d.begin();
      d.fromCreation = true;
      LiveTasks live = task.getLoop().tasks;
      IdentityHashMap<Task<?>, Object> begun = live.flights;
      if (begun == null) {
        begun = new IdentityHashMap<>();
        live.flights = begun;
      }
      begun.put(task, d);
    }
  }

  static void done(Task<?> task, @Nullable Throwable error) {
    IdentityHashMap<Task<?>, Object> begun = task.getLoop().tasks.flights;
    TaskDone e = begun == null ? null : (TaskDone) begun.remove(task);
    if (e != null) {
      e.end();
    } else if (TASK_DONE.isEnabled()) {
      e = new TaskDone(); // created before the event was enabled: never begun, so duration 0
    } else {
      return;
    }
    if (!e.shouldCommit()) {
      return;
    }
    e.taskId = task.number;
    e.taskName = task.getName();
    e.loop = Flight.loopLabel(task.getLoop());
    if (task.isCancelled()) {
      e.outcome = "cancelled";
      e.message = error != null ? error.getMessage() : task.cancelMessage();
    } else if (error != null) {
      e.outcome = "exception";
      e.exceptionClass = error.getClass();
      e.message = error.getMessage();
    } else {
      e.outcome = "result";
    }
    e.commit();
  }

  static @Nullable Object stepBegin() {
    if (!SLOW_STEP.isEnabled()) {
      return null;
    }
    SlowStep e = new SlowStep();
    e.begin();
    return e;
  }

  static void stepEnd(Object event, Task<?> task, Strand strand) {
    SlowStep e = (SlowStep) event;
    e.end();
    if (e.shouldCommit()) {
      e.taskId = task.number;
      e.taskName = task.getName();
      e.loop = Flight.loopLabel(task.getLoop());
      List<StackTraceElement> frames =
          strand.isDone() ? List.of() : Stacks.bodyFrames(strand.stackTrace());
      StringBuilder sb = new StringBuilder();
      for (StackTraceElement f : frames) {
        sb.append(sb.isEmpty() ? "" : "\n").append(f);
      }
      e.stack = sb.toString();
      e.commit();
    }
  }

  // ---- loop statistics ----------------------------------------------------------------------

  private static boolean statisticsRegistered;

  /** Registers the periodic hook of io.jasyncio.LoopStatistics, once per JVM. */
  static synchronized void registerStatistics() {
    if (!statisticsRegistered) {
      statisticsRegistered = true;
      FlightRecorder.register(LoopStatistics.class);
      FlightRecorder.addPeriodicEvent(LoopStatistics.class, FlightEvents::sampleLoops);
    }
  }

  /** Each loop's counts at the last sample: iterations, handles run. JFR's periodic thread. */
  private static final WeakHashMap<EventLoop, long[]> lastCounts = new WeakHashMap<>();

  /**
   * Records one io.jasyncio.LoopStatistics per running loop. Runs on the recorder's thread and
   * reads the loops' counters without synchronization (plain int and long fields, never torn on a
   * 64-bit JVM): a sample may be off by what the loop does at that moment, and never stops it.
   */
  private static synchronized void sampleLoops() {
    for (EventLoop loop : RunningLoops.all()) {
      long iterations = loop.ready.iterations();
      long ran = loop.ready.ran();
      long[] last = lastCounts.computeIfAbsent(loop, l -> new long[2]);
      LoopStatistics e = new LoopStatistics();
      e.loop = Flight.loopLabel(loop);
      e.loopThread = loop.thread;
      e.virtualTime = loop.isVirtualTime();
      e.iterations = iterations - last[0];
      e.handlesRun = ran - last[1];
      e.tasks = loop.tasks.size();
      e.ready = loop.ready.size();
      e.timers = loop.timers.armed();
      e.channels = loop.poller.channels();
      last[0] = iterations;
      last[1] = ran;
      e.commit();
    }
  }
}
