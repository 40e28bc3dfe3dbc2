package io.jasyncio;

import io.jasyncio.internal.Strand;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import org.jspecify.annotations.Nullable;

/**
 * The hooks through which the loop reports to JDK Flight Recorder: the {@code io.jasyncio.*} events
 * of {@link FlightEvents}. Called by {@link Task} at creation, around each step, and when done. Any
 * thread that has the turn (see {@link Turn}).
 */
final class Flight {
  /*
   * Implementation notes: what the hooks cost.
   *
   * Initializing a jdk.jfr.Event subclass starts the recorder's metadata when no recording ever
   * ran (about 700 classes and 0.5 to 1 s, measured on JDK 25 on a loaded machine), so the event
   * classes (FlightEvents) are not touched until the recorder is initialized in this JVM: a
   * recording was started (-XX:StartFlightRecording, jcmd JFR.start, new Recording()). Until then
   * each hook is one volatile read of `on`, false: no allocation, no JFR class loaded (installing
   * the listener loads eight small jdk.jfr classes, once). JfrChildTest checks this in a fresh JVM.
   *
   * Once the recorder is up, each hook asks its event type whether it is enabled (a probe
   * instance's isEnabled(): a static field read, in the code JFR instruments into the class) and
   * allocates an event only when it is. So with a recording running but these events disabled, a
   * task step still allocates nothing; with SlowStep enabled (the default of a recording), each
   * step allocates its event (48 bytes: it lives across the resume, so escape analysis keeps it).
   *
   * `on` goes from false to true once, in the listener, when the recorder is initialized (at once
   * if it already was when this class was initialized); the recorder is never torn down.
   */
  private static volatile boolean on;

  static {
    try {
      FlightRecorder.addListener(
          new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
              FlightEvents.registerStatistics();
              on = true;
            }
          });
    } catch (LinkageError | RuntimeException noRecorder) {
      // a runtime image without jdk.jfr, or a VM without JFR: the hooks stay off
    }
  }

  private Flight() {}

  /** Makes sure the listener is installed (by loading this class), so that loops are sampled. */
  static void install() {}

  /**
   * A task was created: records io.jasyncio.TaskCreated if enabled, and begins io.jasyncio.TaskDone
   * if enabled (its duration runs until the task is done).
   */
  static void created(Task<?> task, boolean eager) {
    if (on) {
      FlightEvents.created(task, eager);
    }
  }

  /** The task is done: records io.jasyncio.TaskDone if enabled. */
  static void done(Task<?> task, @Nullable Throwable error) {
    if (on) {
      FlightEvents.done(task, error);
    }
  }

  /** A task step begins: the io.jasyncio.SlowStep event begun now, or null if it is disabled. */
  static @Nullable Object stepBegin() {
    return on ? FlightEvents.stepBegin() : null;
  }

  /** The step {@link #stepBegin()} began has ended: recorded if it took the threshold or more. */
  static void stepEnd(Object event, Task<?> task, Strand strand) {
    FlightEvents.stepEnd(event, task, strand);
  }

  /** How events name a loop: its engine and identity, as {@code continuations@1b6d3586}. */
  static String loopLabel(EventLoop loop) {
    return loop.engine().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + "@"
        + Integer.toHexString(System.identityHashCode(loop));
  }
}
