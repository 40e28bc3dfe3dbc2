package io.jasyncio;

import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A task-local variable: Python's {@code contextvars.ContextVar}. Its value lives in the current
 * {@link Context}: each task has its own, copied from its creator's when the task was created, so a
 * value set before {@code createTask} is seen by the new task, and a value the task sets is seen
 * only by it (and the tasks it creates afterwards).
 *
 * {@snippet :
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 *
 * void handle(Request r) {
 *   ContextVar.Token<String> token = REQUEST_ID.set(r.id());
 *   try {
 *     gather(createTask(() -> log("start")), createTask(this::work)); // both see r.id()
 *   } finally {
 *     REQUEST_ID.reset(token);
 *   }
 * }
 * }
 *
 * <p>It works the same on both engines, and unlike a {@link ThreadLocal} it follows tasks, not
 * threads. {@link Asyncio#toThread} runs its code in a copy of the task's context. Callbacks
 * ({@link EventLoop#callSoon}, {@link EventLoop#callLater}, {@link Future#addDoneCallback}) run in
 * a copy of the context of the code that queued them, as in asyncio; what they set stays in that
 * copy.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
  /** Marks "no value" in a context, and in {@link Token#oldValue()}. */
  static final Object MISSING =
      new Object() {
        @Override
        public String toString() {
          return "<Token.MISSING>";
        }
      };

  private final String name;
  private final boolean hasDefault;
  private final @Nullable T defaultValue;

  /**
   * A variable with no default: {@link #get()} throws until it is set.
   *
   * @param name its name, for messages
   */
  public ContextVar(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.hasDefault = false;
    this.defaultValue = null;
  }

  /**
   * A variable with a default, returned by {@link #get()} where it is not set.
   *
   * @param name its name, for messages
   * @param defaultValue the default
   */
  public ContextVar(String name, @Nullable T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.hasDefault = true;
    this.defaultValue = defaultValue;
  }

  /** Returns the name. */
  public String name() {
    return name;
  }

  /**
   * Returns the variable's value in the current context: Python's {@code var.get()}.
   *
   * @return the value in the current context, else the variable's default
   * @throws NoSuchElementException if it has neither (Python's LookupError)
   */
  @SuppressWarnings("unchecked")
  public @Nullable T get() {
    Object v = Context.current().lookup(this);
    if (v != MISSING) {
      return (T) v;
    }
    if (hasDefault) {
      return defaultValue;
    }
    throw new NoSuchElementException(
        "ContextVar '" + name + "' has no value in this context and no default: set() it first");
  }

  /**
   * Returns the value in the current context, else {@code fallback} (not the variable's default).
   *
   * @param fallback what to return where the variable has no value
   */
  @SuppressWarnings("unchecked")
  public @Nullable T get(@Nullable T fallback) {
    Object v = Context.current().lookup(this);
    return v != MISSING ? (T) v : fallback;
  }

  /**
   * Sets the value in the current context.
   *
   * @param value the value
   * @return a token that {@link #reset} takes to restore the previous value
   */
  public Token<T> set(@Nullable T value) {
    Context c = Context.current();
    Object old = c.lookup(this);
    c.put(this, value);
    return new Token<>(this, c, old);
  }

  /**
   * Restores the value the variable had before the {@link #set} that made the token.
   *
   * @param token from {@link #set}, in the same context, used once
   * @throws IllegalStateException if the token was used already (Python's RuntimeError)
   * @throws IllegalArgumentException if the token belongs to another variable or was made in
   *     another context (Python's ValueError)
   */
  public void reset(Token<T> token) {
    Objects.requireNonNull(token, "token");
    if (token.used) {
      throw new IllegalStateException("Token has already been used once: " + token);
    }
    if (token.var != this) {
      throw new IllegalArgumentException(
          "Token was created by a different ContextVar: " + token.var.name + ", not " + name);
    }
    Context c = Context.current();
    if (token.context != c) {
      throw new IllegalArgumentException(
          "Token was created in a different Context: reset it in the task (or thread) that set it");
    }
    token.used = true;
    if (token.old == MISSING) {
      c.remove(this);
    } else {
      c.put(this, token.old);
    }
  }

  @Override
  public String toString() {
    return "<ContextVar name='" + name + "'" + (hasDefault ? " default=" + defaultValue : "") + ">";
  }

  /**
   * What {@link #set} returns, for {@link #reset}: Python's {@code contextvars.Token}.
   *
   * @param <T> the type of the value
   */
  public static final class Token<T> {
    private final ContextVar<T> var;
    private final Context context;
    private final @Nullable Object old;
    private boolean used;

    Token(ContextVar<T> var, Context context, @Nullable Object old) {
      this.var = var;
      this.context = context;
      this.old = old;
    }

    /** Returns the variable. */
    public ContextVar<T> var() {
      return var;
    }

    /**
     * Returns whether the variable had a value before the {@link #set} (Python: {@code old_value is
     * not Token.MISSING}).
     */
    public boolean hadOldValue() {
      return old != MISSING;
    }

    /**
     * Returns the value the variable had before the {@link #set} that made this token.
     *
     * @return the value before the {@link #set}
     * @throws NoSuchElementException if it had none
     */
    @SuppressWarnings("unchecked")
    public @Nullable T oldValue() {
      if (old == MISSING) {
        throw new NoSuchElementException("Token.MISSING: " + var.name + " had no value before");
      }
      return (T) old;
    }

    @Override
    public String toString() {
      return "<Token" + (used ? " used" : "") + " var=" + var + ">";
    }
  }
}
