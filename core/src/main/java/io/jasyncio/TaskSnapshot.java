package io.jasyncio;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One pending task, as a {@link LoopSnapshot} saw it: immutable, and holding no reference to the
 * task, so it may be kept and passed to any thread.
 *
 * @param id the task's number, unique in the process: the N of its default name {@code Task-N}
 * @param name the task's name ({@link Task#getName()})
 * @param state what the task was doing
 * @param stack the frames of the task's body, most recent first, as {@link Task#getStack()} returns
 *     them; for the task holding a loop that did not answer, its frames at that moment
 * @param awaiting the future the task was suspended on, as its {@code toString()} (for a task:
 *     {@code <Task pending name='b'>}); null unless the state is {@link State#WAITING}
 * @param awaitedBy the ids of the tasks waiting for this one, in the loop's task order: those
 *     awaiting it, those awaiting a {@code gather} it belongs to, and the task running the {@link
 *     TaskGroup} it is a child of (as {@link Asyncio#captureCallGraph(Future)} finds them)
 */
public record TaskSnapshot(
    long id,
    String name,
    State state,
    List<StackTraceElement> stack,
    @Nullable String awaiting,
    List<Long> awaitedBy) {

  /** Copies the lists. */
  public TaskSnapshot {
    stack = List.copyOf(stack);
    awaitedBy = List.copyOf(awaitedBy);
  }

  /**
   * Returns whether this is a snapshot of {@code task}: whether {@link #id()} is that task's
   * number. Names may repeat; ids do not. Any thread.
   */
  public boolean isOf(Task<?> task) {
    return id == task.number();
  }

  /** What a pending task is doing, the part of asyncio's PENDING a snapshot can tell apart. */
  public enum State {
    /** Created, queued to start: its body has not run yet. */
    CREATED,
    /** Queued to take its next step: the future it awaited is done, or it yielded. */
    READY,
    /** Suspended at an await point until a future is done ({@code awaiting} names it). */
    WAITING,
    /**
     * Its body is executing: the loop's current task, or a task inside {@code createTask} while the
     * eager task it creates takes its first step.
     */
    RUNNING
  }
}
