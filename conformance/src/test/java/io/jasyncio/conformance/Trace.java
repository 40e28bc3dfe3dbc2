package io.jasyncio.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The Java side's trace: lines collected in memory, independent of {@code System.out}. {@link
 * #print} behaves like Python's {@code print(*args)}: each argument converted as Python's {@code
 * str()} would ({@link #str}), joined by single spaces; {@link #repr} mirrors Python's {@code
 * repr()} for the values scenarios print (exceptions print as {@code Boom('msg')}).
 *
 * <p>Task bodies may run on different threads (the virtual-threads engine), one at a time; the
 * methods are synchronized all the same.
 */
final class Trace {
  private final List<String> lines = new ArrayList<>();

  /**
   * Appends one line, as Python's {@code print(*args)}.
   *
   * @param args the values; each is converted with {@link #str}
   */
  synchronized void print(@Nullable Object... args) {
    StringJoiner j = new StringJoiner(" ");
    for (Object a : args) {
      j.add(str(a));
    }
    lines.add(j.toString());
  }

  /**
   * @return a snapshot of the lines so far
   */
  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * Python's {@code str(x)}: strings as they are, {@code None}/{@code True}/{@code False}, lists
   * with their elements' {@code repr}, and an exception's message ({@code ''} without one).
   *
   * @param o the value
   * @return its Python {@code str}
   */
  static String str(@Nullable Object o) {
    return switch (o) {
      case null -> "None";
      case String s -> s;
      case Throwable t -> t.getMessage() == null ? "" : t.getMessage();
      default -> repr(o);
    };
  }

  /**
   * Python's {@code repr(x)}: {@code 'text'} for a string, {@code b'text'} for a {@code byte[]}
   * (Python's {@code bytes}), {@code [a, b]} for a list, {@code Name('message')} (or {@code
   * Name()}) for an exception, where Name is the simple class name.
   *
   * @param o the value
   * @return its Python {@code repr}
   */
  static String repr(@Nullable Object o) {
    return switch (o) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case String s -> quote(s);
      case byte[] b -> bytes(b);
      case Throwable t ->
          t.getClass().getSimpleName()
              + "("
              + (t.getMessage() == null ? "" : quote(t.getMessage()))
              + ")";
      case List<?> l -> {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (Object e : l) {
          j.add(repr(e));
        }
        yield j.toString();
      }
      default -> String.valueOf(o);
    };
  }

  /**
   * Python's {@code repr} of a {@code bytes}: {@code b'...'}, single quotes unless the bytes hold
   * one and no double quote; {@code \t \n \r}, the backslash and the quote escaped; other bytes
   * outside printable ASCII as {@code \xhh}.
   */
  private static String bytes(byte[] data) {
    boolean single = false;
    boolean dbl = false;
    for (byte c : data) {
      single |= c == '\'';
      dbl |= c == '"';
    }
    char q = single && !dbl ? '"' : '\'';
    StringBuilder sb = new StringBuilder("b").append(q);
    for (byte v : data) {
      int c = v & 0xff;
      if (c == q || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c < ' ' || c >= 0x7f) {
        sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.append(q).toString();
  }

  /** Python's quoting of a str: single quotes unless the text has one and no double quote. */
  private static String quote(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
    return sb.append(q).toString();
  }
}
