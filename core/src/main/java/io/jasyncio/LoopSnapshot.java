package io.jasyncio;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one event loop was doing at one moment: its pending tasks with their states, names, stacks
 * and who awaits whom. Made by {@link EventLoop#snapshot()} for one loop, and by {@link #all()} for
 * every running loop in the JVM: asyncio 3.14's {@code capture_call_graph} for all tasks at once,
 * callable from any thread. {@link #formatTable} and {@link #formatTree} print them as {@code
 * python -m asyncio ps} and {@code pstree} do; {@code ./jasyncio ps PID} prints them for another
 * JVM (see {@code docs/inspecting.md}).
 *
 * <p>The contract, from any thread:
 *
 * <ul>
 *   <li>On the loop's own thread (inside a task or callback), or while the loop is not running, the
 *       snapshot is taken at once, by the caller. While the loop is not running, the caller must
 *       not start it from another thread meanwhile (as for every loop-thread method).
 *   <li>From another thread, while the loop runs, the capture is handed to the loop as a callback
 *       (without waiting for room in its queue) and the caller waits for it, at most the timeout (1
 *       s by default). The snapshot is then exact: taken between two steps, on the loop thread.
 *   <li>If the loop does not answer in time (a task or callback keeps its thread busy without
 *       reaching an await point), the caller gets a partial snapshot, status {@link
 *       Status#NOT_RESPONDING}: the task running at that moment, if any, with the frames of the
 *       thread running it; the note names them; and {@link #threadStack()} is that thread's whole
 *       stack. Nothing else of the loop is read from the caller's thread. The capture left queued
 *       does nothing when it runs later.
 *   <li>A closed loop gives status {@link Status#CLOSED} and no tasks. The call never throws for
 *       the loop's state, and never waits longer than the timeout.
 * </ul>
 *
 * {@snippet :
 * for (LoopSnapshot s : LoopSnapshot.all()) {      // from a watchdog thread, say
 *   for (TaskSnapshot t : s.tasks()) {
 *     System.out.println(t.name() + " " + t.state() + " awaited by " + t.awaitedBy());
 *   }
 * }
 * System.out.print(LoopSnapshot.formatTree(LoopSnapshot.all()));
 * // └── (T) main
 * //     └── Main.lambda$main$0 Main.java:12
 * //         └── Future.await Future.java:391
 * //             └── (T) worker
 * //                 └── Worker.run Worker.java:30
 * //                     └── Asyncio.sleep Asyncio.java:312
 * }
 *
 * @param loop the loop's label, {@code EventLoop@} and its identity hash in hex
 * @param engine the loop's engine
 * @param status how the snapshot was taken
 * @param threadName the name of the thread running the loop, or null if none did
 * @param threadId the id of the thread running the loop ({@link Thread#threadId()}), or -1
 * @param time the loop's clock at the snapshot ({@link EventLoop#time()})
 * @param tasks the pending tasks, in creation order ({@link EventLoop#allTasks()}); for {@link
 *     Status#NOT_RESPONDING}, only the task running, if any
 * @param note why the snapshot is partial, naming the task or callback that holds the loop; empty
 *     otherwise
 * @param threadStack for {@link Status#NOT_RESPONDING}, the whole stack of the thread holding the
 *     loop, most recent first; empty otherwise
 */
public record LoopSnapshot(
    String loop,
    Engine engine,
    Status status,
    @Nullable String threadName,
    long threadId,
    double time,
    List<TaskSnapshot> tasks,
    String note,
    List<StackTraceElement> threadStack) {

  /** How long a capture waits for a loop that runs on another thread, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

  /** Copies the lists. */
  public LoopSnapshot {
    tasks = List.copyOf(tasks);
    threadStack = List.copyOf(threadStack);
  }

  /** How a snapshot was taken. */
  public enum Status {
    /** Taken on the running loop's thread, between two steps: exact. */
    RUNNING,
    /** Taken by the caller while the loop was not running: exact. */
    IDLE,
    /** The loop is closed: it has no tasks. */
    CLOSED,
    /** The loop did not answer in time: partial (see {@link LoopSnapshot}). */
    NOT_RESPONDING
  }

  /** As {@link #all(Duration)} with {@link #DEFAULT_TIMEOUT}. */
  public static List<LoopSnapshot> all() {
    return all(DEFAULT_TIMEOUT);
  }

  /**
   * Snapshots every loop running in this JVM, in the order they started: loops not running at the
   * moment (between two {@code runUntilComplete} calls, say) are not included. The loops are asked
   * together, so the call waits at most {@code timeout} in all. Any thread.
   *
   * @param timeout how long to wait for the loops running on other threads
   * @return one snapshot per running loop; empty if none runs
   */
  public static List<LoopSnapshot> all(Duration timeout) {
    return Snapshots.take(RunningLoops.all(), timeout, false);
  }

  /**
   * Formats snapshots as a table, one row per task and task awaiting it (one row for a task no task
   * awaits), as {@code python -m asyncio ps} does: the loop thread's id, the task's id, name and
   * state, the top frames of its stack (innermost first), and its awaiter's frames, name and id.
   * For a loop that did not answer, the note and the thread's stack follow the table.
   *
   * @param snapshots the snapshots, of one or more loops
   * @return the table, lines ending in {@code \n}
   */
  public static String formatTable(List<LoopSnapshot> snapshots) {
    return TaskTables.table(snapshots);
  }

  /**
   * Formats snapshots as the await tree, as {@code python -m asyncio pstree} does: each task that
   * no task awaits is a root ({@code (T) name}); under a task, the frames of its body (outermost
   * first) down to where it awaits each task, which is nested there; under a task that awaits no
   * task, its own frames.
   *
   * @param snapshots the snapshots, of one or more loops
   * @return the tree, lines ending in {@code \n}
   * @throws IllegalStateException if tasks await each other in a cycle: no tree can show it; the
   *     message names each cycle, as {@code cycle: a → b → a}
   */
  public static String formatTree(List<LoopSnapshot> snapshots) {
    return TaskTables.tree(snapshots);
  }
}
