package io.jasyncio.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Runs the lesson's examples: {@code ./jasyncio examples} runs them all, {@code ./jasyncio example
 * NAME} runs one.
 *
 * <pre>
 * Examples NAME...   run the named examples (one name: only its own output, no headers)
 * Examples --all     run every example in order, each between "== NAME" and "== NAME took 1.003 s"
 * Examples --list    list the examples with a one-line description
 * </pre>
 *
 * An unknown name prints the valid names and exits with status 2; an example that fails prints its
 * stack trace, the others still run, and the exit status is 1.
 */
public final class Examples {
  private Examples() {}

  /**
   * One example.
   *
   * @param name its name on the command line
   * @param description one line about it
   * @param main its {@code main}
   */
  public record Example(String name, String description, Consumer<String[]> main) {}

  /** Every example, in the lesson's order. */
  public static final List<Example> ALL =
      List.of(
          new Example("hello", "one task from example_coroutine(), awaited by main", Hello::main),
          new Example("ten", "ten tasks run concurrently with gather: 1 s, not 10 s", Ten::main),
          new Example(
              "type", "the class of a created task (the lesson's type(task))", TaskType::main),
          new Example(
              "restaurant",
              "the manager/cook/waiter analogy: three orders cooked concurrently",
              Restaurant::main),
          new Example(
              "forget",
              "the \"bad example\": a task with no reference kept (reliable in jasyncio)",
              Forget::main),
          new Example(
              "kitchen",
              "the restaurant with a queue of orders, 3 cooks, 2 stoves (a semaphore), 2 waiters",
              Kitchen::main),
          new Example(
              "bank",
              "a lost update across an await, found by schedule exploration, fixed by a Lock",
              Bank::main),
          new Example(
              "cache",
              "a check-then-act double fetch, found by schedule exploration, fixed by single-flight",
              Cache::main),
          new Example(
              "echo",
              "an echo server and three clients over TCP: startServer, openConnection, lines()",
              Echo::main),
          new Example(
              "chat",
              "a chat server that relays each line to the others; three scripted clients",
              Chat::main),
          new Example(
              "fetch",
              "ten HTTP GETs at once, 3 at a time (a Semaphore), with per-request and overall"
                  + " timeouts",
              Fetch::main),
          new Example(
              "commands",
              "three commands run at once with their outputs collected, then one read line by line",
              Commands::main));

  /** Exit status for a bad command line. */
  public static final int USAGE = 2;

  /**
   * Runs the command line and exits with its status, when it is not 0.
   *
   * @param args {@code NAME...}, {@code --all} or {@code --list}
   */
  public static void main(String[] args) {
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command line, printing through {@link Out}.
   *
   * @param args {@code NAME...}, {@code --all} or {@code --list}
   * @return the exit status: 0, 1 if an example failed, {@link #USAGE} for a bad command line
   */
  public static int run(String... args) {
    if (args.length == 1 && args[0].equals("--list")) {
      int width = ALL.stream().mapToInt(e -> e.name().length()).max().orElse(0);
      for (Example e : ALL) {
        Out.println(String.format(Locale.ROOT, "%-" + width + "s  %s", e.name(), e.description()));
      }
      return 0;
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      Out.println(usage());
      return 0;
    }
    if (args.length == 1 && args[0].equals("--all")) {
      return runAll(ALL, true);
    }
    if (args.length == 0) {
      Out.errln("examples: name the examples to run, or --all.\n" + usage());
      return USAGE;
    }
    List<Example> chosen = new ArrayList<>();
    for (String name : args) {
      Example e = find(name);
      if (e == null) {
        Out.errln(
            "examples: unknown example '"
                + name
                + "'. Valid names: "
                + names()
                + " (or --all, --list).");
        return USAGE;
      }
      chosen.add(e);
    }
    return runAll(chosen, chosen.size() > 1);
  }

  /**
   * Returns the example of that name, or {@code null} if there is none.
   *
   * @param name an example's name
   */
  public static @Nullable Example find(String name) {
    for (Example e : ALL) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** Returns the valid names, comma-separated, in order. */
  public static String names() {
    return ALL.stream().map(Example::name).collect(Collectors.joining(", "));
  }

  private static String usage() {
    return "usage: Examples NAME...   run the named examples ("
        + names()
        + ")\n"
        + "       Examples --all     run every example, with headers and timings\n"
        + "       Examples --list    list the examples";
  }

  private static int runAll(List<Example> examples, boolean headers) {
    int status = 0;
    for (Example e : examples) {
      if (headers) {
        Out.println("== " + e.name());
      }
      long start = System.nanoTime();
      try {
        e.main().accept(new String[0]);
      } catch (Throwable t) {
        Out.errln("== " + e.name() + " failed:");
        t.printStackTrace(Out.err());
        status = 1;
      }
      if (headers) {
        double took = (System.nanoTime() - start) / 1e9;
        Out.println(String.format(Locale.ROOT, "== %s took %.3f s", e.name(), took));
      }
    }
    return status;
  }
}
