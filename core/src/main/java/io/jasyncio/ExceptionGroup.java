package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Several exceptions raised together: asyncio's {@code ExceptionGroup}, thrown by {@link
 * TaskGroup#run} when children (or the block) failed. {@link #exceptions()} lists them in the order
 * they happened; each is also attached as suppressed, so a logged stack trace shows them all.
 *
 * <p>{@link #split} and {@link #subgroup} are what Python's {@code except*} does with a group:
 * handle one kind, and rethrow the rest.
 *
 * {@snippet :
 * try {
 *   tg.run(() -> { ... });
 * } catch (ExceptionGroup eg) {
 *   ExceptionGroup.Split s = eg.split(IOException.class);
 *   if (s.match() != null) { retryLater(s.match().exceptions()); }
 *   if (s.rest() != null) { throw s.rest(); }   // the others go on, as except* re-raises them
 * }
 * }
 */
public class ExceptionGroup extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String groupMessage;
  private final List<Throwable> exceptions;

  /**
   * @param message what the group is about
   * @param exceptions the exceptions, at least one
   * @throws IllegalArgumentException if {@code exceptions} is empty
   */
  @SuppressWarnings("this-escape") // addSuppressed is Throwable's own final method
  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(describe(message, exceptions)); // no cause yet: initCause may set one
    this.groupMessage = message;
    this.exceptions = List.copyOf(exceptions);
    for (Throwable t : this.exceptions) {
      addSuppressed(t);
    }
  }

  private static String describe(String message, List<? extends Throwable> exceptions) {
    Objects.requireNonNull(message, "message");
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("ExceptionGroup: the list of exceptions is empty");
    }
    int n = exceptions.size();
    return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
  }

  /** Returns the message without the count (Python's {@code eg.message}). */
  public String groupMessage() {
    return groupMessage;
  }

  /** Returns the exceptions, in order (Python's {@code eg.exceptions}). */
  public List<Throwable> exceptions() {
    return exceptions;
  }

  /**
   * The two parts of a group: the exceptions that matched a condition and the rest, each as a group
   * with the original's message, cause and stack trace, nesting kept; {@code null} for an empty
   * part.
   *
   * @param match the matching part, or null
   * @param rest the other part, or null
   */
  public record Split(@Nullable ExceptionGroup match, @Nullable ExceptionGroup rest) {}

  /**
   * Splits the group by a condition, as Python's {@code eg.split(condition)}: the condition is
   * tried on this group first (all of it matches if it does), then on each exception, and on the
   * members of a nested group the same way.
   *
   * @param condition what to take
   * @return the matching and the other part
   */
  public Split split(Predicate<? super Throwable> condition) {
    Objects.requireNonNull(condition, "condition");
    if (condition.test(this)) {
      return new Split(this, null);
    }
    List<Throwable> match = new ArrayList<>();
    List<Throwable> rest = new ArrayList<>();
    for (Throwable e : exceptions) {
      if (e instanceof ExceptionGroup eg) {
        Split s = eg.split(condition);
        if (s.match() != null) {
          match.add(s.match());
        }
        if (s.rest() != null) {
          rest.add(s.rest());
        }
      } else if (condition.test(e)) {
        match.add(e);
      } else {
        rest.add(e);
      }
    }
    return new Split(part(match), part(rest));
  }

  /**
   * As {@link #split(Predicate)} with a type: the exceptions that are instances of it, as {@code
   * except* type} takes them.
   *
   * @param type the kind to take
   * @return the matching and the other part
   */
  public Split split(Class<? extends Throwable> type) {
    Objects.requireNonNull(type, "type");
    return split(type::isInstance);
  }

  /**
   * The part of the group that matches a condition, as Python's {@code eg.subgroup(condition)}:
   * this group itself if all of it matches, {@code null} if nothing does.
   *
   * @param condition what to keep
   * @return the matching part, or null
   */
  public @Nullable ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
    return split(condition).match();
  }

  /**
   * As {@link #subgroup(Predicate)} with a type.
   *
   * @param type the kind to keep
   * @return the matching part, or null
   */
  public @Nullable ExceptionGroup subgroup(Class<? extends Throwable> type) {
    return split(type).match();
  }

  /**
   * A group of the same message, cause and stack trace holding {@code excs}: Python's {@code
   * derive}. The parts of a split are made with it; a subclass can give its own kind.
   *
   * @param excs the exceptions, at least one
   * @return the new group
   */
  public ExceptionGroup derive(List<? extends Throwable> excs) {
    return new ExceptionGroup(groupMessage, excs);
  }

  private @Nullable ExceptionGroup part(List<Throwable> excs) {
    if (excs.isEmpty()) {
      return null;
    }
    if (excs.size() == exceptions.size() && excs.equals(exceptions)) {
      return this; // all of it: the group itself, as Python returns self
    }
    ExceptionGroup g = derive(excs);
    Throwable cause = getCause();
    if (cause != null && g.getCause() == null) {
      g.initCause(cause);
    }
    g.setStackTrace(getStackTrace());
    return g;
  }
}
