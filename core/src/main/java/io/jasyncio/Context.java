package io.jasyncio;

import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A set of {@link ContextVar} values: Python's {@code contextvars.Context}. Every task runs in its
 * own context, a copy of its creator's taken when the task was created; code outside tasks runs in
 * its thread's context.
 *
 * <p>Copies are cheap (the values are shared until one side sets a variable) and independent: a
 * {@link ContextVar#set} in a task is seen by that task and the tasks it creates afterwards, never
 * by its creator or its siblings.
 *
 * <p>Not thread-safe: a context belongs to one task or one thread.
 */
public final class Context {
  /*
   * Implementation notes. `entries` is an immutable array of (var, value) pairs, replaced whole on
   * every set: a copy of the context shares it, so copying is O(1) and setting is O(n) in the
   * number of variables set (few, in practice).
   */
  private static final @Nullable Object[] EMPTY = new Object[0];

  /** The context of code running outside any task, per thread; made on first use. */
  private static final ThreadLocal<Context> THREAD = ThreadLocal.withInitial(Context::new);

  @Nullable Object[] entries;

  /** An empty context. */
  public Context() {
    this.entries = EMPTY;
  }

  private Context(@Nullable Object[] entries) {
    this.entries = entries;
  }

  /**
   * Returns a copy of the current context: the running task's, or this thread's outside tasks
   * (Python's {@code contextvars.copy_context()}).
   */
  public static Context copyContext() {
    return current().copy();
  }

  /** Returns a copy of this context. */
  public Context copy() {
    return new Context(entries);
  }

  /** The context code on this thread sees now: the running task's, callback's, or thread's. */
  static Context current() {
    EventLoop loop = RunningLoops.current();
    Context c = peek(loop);
    if (c == null) { // made on first use: a task or callback that never touches one allocates none
      c = new Context();
      Task<?> t = loop == null ? null : loop.turn.current;
      setCurrent(loop, t, t == null && loop != null && loop.turn.inCallback, c);
    }
    return c;
  }

  /**
   * A copy of the current context for something queued now (a task, a callback), or null while the
   * current context has no values: then the queued code starts from an empty one.
   */
  static @Nullable Context snapshot(@Nullable EventLoop loop) {
    Context c = peek(loop);
    return c == null || c.entries.length == 0 ? null : c.copy();
  }

  /**
   * The context code sees now, without making one: the running task's, else the running callback's
   * (either may be null while it has none), else this thread's.
   */
  private static @Nullable Context peek(@Nullable EventLoop loop) {
    if (loop != null) {
      Task<?> t = loop.turn.current;
      if (t != null) {
        return t.context();
      }
      if (loop.turn.inCallback) {
        return loop.turn.callbackContext;
      }
    }
    return THREAD.get();
  }

  /**
   * Runs {@code fn} in this context: the {@link ContextVar}s it reads and sets are this context's,
   * and the previous context is back when it returns. Python's {@code Context.run}.
   *
   * @param <T> the type of the result
   * @param fn the code
   * @return its result
   * @throws IllegalStateException if this context is already entered (Python's RuntimeError)
   */
  public <T extends @Nullable Object> T run(Callable<T> fn) {
    Objects.requireNonNull(fn, "fn");
    if (entered) {
      throw new IllegalStateException("cannot enter context: " + this + " is already entered");
    }
    EventLoop loop = RunningLoops.current();
    Task<?> t = loop == null ? null : loop.turn.current;
    boolean inCallback = t == null && loop != null && loop.turn.inCallback;
    Context prev = current();
    entered = true;
    setCurrent(loop, t, inCallback, this);
    try {
      return fn.call();
    } catch (Exception e) {
      throw Sneaky.rethrow(e);
    } finally {
      setCurrent(loop, t, inCallback, prev);
      entered = false;
    }
  }

  private boolean entered;

  private static void setCurrent(
      @Nullable EventLoop loop, @Nullable Task<?> t, boolean inCallback, Context c) {
    if (t != null) {
      t.setContext(c);
    } else if (inCallback) {
      java.util.Objects.requireNonNull(loop).turn.callbackContext = c;
    } else {
      THREAD.set(c);
    }
  }

  @Nullable Object lookup(ContextVar<?> var) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == var) {
        return e[i + 1];
      }
    }
    return ContextVar.MISSING;
  }

  void put(ContextVar<?> var, @Nullable Object value) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == var) {
        @Nullable Object[] n = e.clone();
        n[i + 1] = value;
        entries = n;
        return;
      }
    }
    @Nullable Object[] n = java.util.Arrays.copyOf(e, e.length + 2);
    n[e.length] = var;
    n[e.length + 1] = value;
    entries = n;
  }

  void remove(ContextVar<?> var) {
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == var) {
        @Nullable Object[] n = new @Nullable Object[e.length - 2];
        System.arraycopy(e, 0, n, 0, i);
        System.arraycopy(e, i + 2, n, i, e.length - i - 2);
        entries = n;
        return;
      }
    }
  }

  /**
   * Returns the value {@code var} has in this context, or {@code null} if it has none here (the
   * variable's default does not count): Python's {@code ctx.get(var)}.
   *
   * @param <T> the variable's type
   * @param var the variable
   * @return its value here, or null
   */
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(ContextVar<T> var) {
    Objects.requireNonNull(var, "var");
    Object v = lookup(var);
    return v == ContextVar.MISSING ? null : (T) v;
  }

  /**
   * As {@link #get(ContextVar)}, with a fallback: Python's {@code ctx.get(var, default)}.
   *
   * @param <T> the variable's type
   * @param var the variable
   * @param fallback returned if the variable has no value here
   * @return its value here, or the fallback
   */
  public <T> @Nullable T get(ContextVar<T> var, @Nullable T fallback) {
    Objects.requireNonNull(var, "var");
    return contains(var) ? get(var) : fallback;
  }

  /**
   * Returns whether this context has a value for it (Python's {@code var in ctx}).
   *
   * @param var a variable
   */
  public boolean contains(ContextVar<?> var) {
    return lookup(var) != ContextVar.MISSING;
  }

  /** Returns how many variables have a value here (Python's {@code len(ctx)}). */
  public int size() {
    return entries.length / 2;
  }

  /** Returns {@code <Context [name, ...]>}: the names of the variables set in it. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("<Context [");
    @Nullable Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(((ContextVar<?>) Objects.requireNonNull(e[i])).name());
    }
    return sb.append("]>").toString();
  }
}
