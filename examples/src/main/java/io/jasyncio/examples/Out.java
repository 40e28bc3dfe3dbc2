package io.jasyncio.examples;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the examples print: Python's {@code print}. Every line is encoded in UTF-8 and ends with a
 * single {@code \n}, whatever the platform's default charset, locale or line separator, so that the
 * restaurant's Russian lines come out byte for byte as the lesson shows them, even under {@code
 * LANG=C}.
 *
 * <p>By default the lines go straight to the process's standard output ({@link
 * FileDescriptor#out}), not through {@link System#out}, whose encoding depends on the platform. A
 * test replaces the destination with {@link #redirect(OutputStream)} and reads the raw bytes.
 */
public final class Out {
  private Out() {}

  private static final PrintStream STDOUT = utf8(new FileOutputStream(FileDescriptor.out));
  private static final PrintStream STDERR = utf8(new FileOutputStream(FileDescriptor.err));

  private static volatile PrintStream out = STDOUT;
  private static volatile PrintStream err = STDERR;

  private static PrintStream utf8(OutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }

  /**
   * Prints a line: its text in UTF-8, then {@code \n}, then flushes. Python's {@code print(x)}.
   *
   * @param x the line; any object, printed with {@link String#valueOf(Object)}
   */
  public static void println(Object x) {
    write(out, String.valueOf(x));
  }

  /**
   * Prints a line on standard error, as {@link #println} does on standard output.
   *
   * @param x the line
   */
  public static void errln(Object x) {
    write(err, String.valueOf(x));
  }

  private static void write(PrintStream ps, String s) {
    ps.print(s + "\n"); // one write per line, so that lines of concurrent printers never mix
    ps.flush();
  }

  /** Returns the stream standard error goes to now, for stack traces. */
  static PrintStream err() {
    return err;
  }

  /**
   * Sends the examples' standard output to {@code sink} until the returned redirection is closed.
   * The sink receives exactly the UTF-8 bytes the examples print.
   *
   * {@snippet :
   * var bytes = new ByteArrayOutputStream();
   * try (var r = Out.redirect(bytes)) {
   *   Hello.main(new String[0]);
   * }
   * }
   *
   * @param sink where the bytes go
   * @return the redirection; closing it restores the previous destination
   */
  public static Redirection redirect(OutputStream sink) {
    PrintStream previous = out;
    out = utf8(Objects.requireNonNull(sink, "sink"));
    return new Redirection(() -> out = previous);
  }

  /**
   * As {@link #redirect(OutputStream)} for standard error.
   *
   * @param sink where the bytes go
   * @return the redirection; closing it restores the previous destination
   */
  public static Redirection redirectErr(OutputStream sink) {
    PrintStream previous = err;
    err = utf8(Objects.requireNonNull(sink, "sink"));
    return new Redirection(() -> err = previous);
  }

  /** An active redirection: {@link #close()} restores the previous destination. */
  public static final class Redirection implements AutoCloseable {
    private final Runnable restore;

    private Redirection(Runnable restore) {
      this.restore = restore;
    }

    @Override
    public void close() {
      restore.run();
    }
  }
}
