package io.jasyncio.bench.echo;

import java.nio.charset.StandardCharsets;

/**
 * E3's small hand-written HTTP/1.1 request parser, shared by the jasyncio and virtual-thread
 * servers, and the one response every E3 server sends.
 *
 * <p>What it handles: a request line {@code METHOD SP TARGET SP HTTP/1.0|HTTP/1.1}, header lines up
 * to the empty line, {@code Content-Length} (the body is read and dropped), {@code Connection:
 * close|keep-alive} with each version's default (1.1 keeps the connection, 1.0 closes it), and
 * pipelined requests. What it refuses, with a 400 and a close: a malformed request line or header,
 * another version, {@code Transfer-Encoding} (no chunked bodies: wrk never sends one), a head over
 * {@value #MAX_HEAD} bytes. It is what a benchmark's server needs, not a general HTTP server.
 */
public final class HttpRequests {
  private HttpRequests() {}

  /** The longest request head accepted, in bytes, with its final empty line. */
  public static final int MAX_HEAD = 8192;

  /** The end of a request head. */
  static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  /** The body of every response: TechEmpower's plaintext test. */
  public static final String BODY = "Hello, World!";

  /** The response to a request that keeps the connection. */
  static final byte[] RESPONSE = response(false);

  /** The response to a request that closes it ({@code Connection: close}, or HTTP/1.0). */
  static final byte[] RESPONSE_CLOSE = response(true);

  /** The answer to a request this parser refuses; the connection closes after it. */
  static final byte[] BAD_REQUEST =
      "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private static byte[] response(boolean close) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
            + BODY.length()
            + "\r\n"
            + (close ? "Connection: close\r\n" : "")
            + "\r\n"
            + BODY)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A parsed request head.
   *
   * @param keepAlive whether the connection stays open after the response
   * @param contentLength the body's length in bytes, to be read and dropped (0: none)
   */
  public record Head(boolean keepAlive, long contentLength) {}

  /** A request this parser refuses; its message names what was wrong. */
  public static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  /**
   * The index just past the first {@link #HEAD_END} in {@code b[from, to)}, or -1 if there is none
   * yet.
   */
  public static int headEnd(byte[] b, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (b[i + 3] == '\n' && b[i + 2] == '\r' && b[i + 1] == '\n' && b[i] == '\r') {
        return i + 4;
      }
    }
    return -1;
  }

  /**
   * Parses a whole request head, {@code b[off, off + len)}, which ends with {@link #HEAD_END}.
   *
   * @throws BadRequest if the head is not a request this parser handles
   */
  public static Head parse(byte[] b, int off, int len) throws BadRequest {
    int end = off + len;
    if (len > MAX_HEAD) {
      throw new BadRequest("request head of " + len + " bytes, over " + MAX_HEAD);
    }
    int eol = lineEnd(b, off, end);
    // request line: METHOD SP TARGET SP VERSION
    int sp1 = indexOf(b, (byte) ' ', off, eol);
    int sp2 = sp1 < 0 ? -1 : indexOf(b, (byte) ' ', sp1 + 1, eol);
    if (sp1 <= off || sp2 <= sp1 + 1 || indexOf(b, (byte) ' ', sp2 + 1, eol) >= 0) {
      throw new BadRequest("malformed request line: " + ascii(b, off, eol));
    }
    boolean http11;
    if (equals(b, sp2 + 1, eol, "HTTP/1.1")) {
      http11 = true;
    } else if (equals(b, sp2 + 1, eol, "HTTP/1.0")) {
      http11 = false;
    } else {
      throw new BadRequest("unsupported version: " + ascii(b, sp2 + 1, eol));
    }
    boolean keepAlive = http11;
    long length = 0;
    int at = eol + 2;
    while (true) {
      int e = lineEnd(b, at, end);
      if (e == at) {
        at += 2; // the empty line
        break;
      }
      int colon = indexOf(b, (byte) ':', at, e);
      if (colon <= at) {
        throw new BadRequest("malformed header line: " + ascii(b, at, e));
      }
      int v = colon + 1;
      while (v < e && (b[v] == ' ' || b[v] == '\t')) {
        v++;
      }
      int ve = e;
      while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
        ve--;
      }
      if (equalsIgnoreCase(b, at, colon, "content-length")) {
        length = contentLength(b, v, ve);
      } else if (equalsIgnoreCase(b, at, colon, "connection")) {
        if (equalsIgnoreCase(b, v, ve, "close")) {
          keepAlive = false;
        } else if (equalsIgnoreCase(b, v, ve, "keep-alive")) {
          keepAlive = true;
        }
      } else if (equalsIgnoreCase(b, at, colon, "transfer-encoding")) {
        throw new BadRequest("Transfer-Encoding is not supported: " + ascii(b, v, ve));
      }
      at = e + 2;
    }
    if (at != end) {
      throw new BadRequest("bytes after the request head's empty line");
    }
    return new Head(keepAlive, length);
  }

  private static long contentLength(byte[] b, int from, int to) throws BadRequest {
    if (from == to || to - from > 12) {
      throw new BadRequest("bad Content-Length: " + ascii(b, from, to));
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') {
        throw new BadRequest("bad Content-Length: " + ascii(b, from, to));
      }
      n = n * 10 + (b[i] - '0');
    }
    return n;
  }

  /** The index of the CR of the line starting at {@code from}. */
  private static int lineEnd(byte[] b, int from, int end) throws BadRequest {
    for (int i = from; i + 1 < end; i++) {
      if (b[i] == '\r') {
        if (b[i + 1] != '\n') {
          throw new BadRequest("a CR not followed by LF");
        }
        return i;
      }
      if (b[i] == '\n') {
        throw new BadRequest("a bare LF in the request head");
      }
    }
    throw new BadRequest("the request head does not end with an empty line");
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean equals(byte[] b, int from, int to, String s) {
    if (to - from != s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[from + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsIgnoreCase(byte[] b, int from, int to, String lower) {
    if (to - from != lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String ascii(byte[] b, int from, int to) {
    int n = Math.min(to - from, 80);
    return new String(b, from, Math.max(n, 0), StandardCharsets.ISO_8859_1);
  }
}
