package io.jasyncio.bench;

import java.io.PrintStream;

/** What the bench commands' command lines share: option values, and how a bad one is said. */
public final class Cli {
  private Cli() {}

  /**
   * The value after option {@code option}, at {@code args[i]}.
   *
   * @throws IllegalArgumentException naming the option, if there is none
   */
  public static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /**
   * {@code v} as a whole number of at least 1 ({@code 10_000} allowed).
   *
   * @throws IllegalArgumentException naming the option and the value, otherwise
   */
  public static int positive(String option, String v) {
    try {
      int n = Integer.parseInt(v.replace("_", ""));
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(option + " needs a whole number >= 1, not '" + v + "'");
  }

  /**
   * Says a bad command line on {@code err}: "{@code tool}: " and the message of {@code bad}, a
   * blank line, then the usage; returns 2, the exit status for it.
   */
  public static int usageError(String tool, Exception bad, String usage, PrintStream err) {
    err.println(tool + ": " + bad.getMessage());
    err.println();
    err.print(usage);
    return 2;
  }
}
