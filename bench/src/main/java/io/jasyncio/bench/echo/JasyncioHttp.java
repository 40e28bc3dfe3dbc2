package io.jasyncio.bench.echo;

import io.jasyncio.Asyncio;
import io.jasyncio.bench.echo.HttpRequests.BadRequest;
import io.jasyncio.bench.echo.HttpRequests.Head;
import io.jasyncio.net.IncompleteReadError;
import io.jasyncio.net.LimitOverrunError;
import io.jasyncio.net.Net;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * E3's HTTP/1.1 keep-alive server in jasyncio, with the small parser of {@link HttpRequests}, in
 * the two styles of E1: {@code JasyncioHttp streams|protocol PORT}. {@code streams}: {@link
 * Streams#startServer}, each connection a task that reads a head with {@code readuntil}, the body
 * with {@code readexactly}, writes the response and drains; {@code protocol}: {@link
 * Net#createServer}, whose {@code dataReceived} parses what has arrived and writes a response per
 * whole request. Listens on 127.0.0.1:PORT (0: any free port), prints {@code READY <port>}, and
 * serves until killed. The engine is the JVM's default ({@code -Djasyncio.engine=...}).
 */
public final class JasyncioHttp {
  private JasyncioHttp() {}

  public static void main(String[] args) {
    if (args.length != 2 || !(args[0].equals("streams") || args[0].equals("protocol"))) {
      System.err.println("usage: JasyncioHttp streams|protocol PORT");
      System.exit(2);
    }
    boolean streams = args[0].equals("streams");
    int port = Integer.parseInt(args[1]);
    Asyncio.run(
        () -> {
          Server s =
              streams
                  ? Streams.startServer(JasyncioHttp::serve, "127.0.0.1", port)
                  : Net.createServer(HttpProtocol::new, "127.0.0.1", port);
          System.out.println("READY " + s.port());
          System.out.flush();
          s.serveForever();
        });
  }

  /** One connection in the streams style: what a user writes first. */
  static void serve(StreamReader r, StreamWriter w) throws IOException {
    try {
      while (true) {
        byte[] head;
        try {
          head = r.readuntil(HttpRequests.HEAD_END);
        } catch (IncompleteReadError e) {
          break; // the client closed the connection (between requests, or mid-head)
        } catch (LimitOverrunError e) {
          w.write(HttpRequests.BAD_REQUEST);
          break;
        }
        Head h;
        try {
          h = HttpRequests.parse(head, 0, head.length);
        } catch (BadRequest e) {
          w.write(HttpRequests.BAD_REQUEST);
          break;
        }
        for (long left = h.contentLength(); left > 0; ) {
          int n = (int) Math.min(left, 65536);
          r.readexactly(n);
          left -= n;
        }
        w.write(h.keepAlive() ? HttpRequests.RESPONSE : HttpRequests.RESPONSE_CLOSE);
        w.drain();
        if (!h.keepAlive()) {
          break;
        }
      }
    } finally {
      w.close();
    }
  }

  /**
   * One connection in the protocol style. State (loop thread only): {@code buf[0, len)} holds what
   * has arrived and not yet been parsed; {@code skip} is how many body bytes of the last request
   * are still to come and be dropped.
   */
  static final class HttpProtocol implements Protocol {
    private @Nullable Transport t;
    private byte[] buf = new byte[1024];
    private int len;
    private long skip;

    @Override
    public void connectionMade(Transport t) {
      this.t = t;
    }

    @Override
    public void dataReceived(byte[] data) {
      Transport tr = t;
      if (tr == null) {
        throw new IllegalStateException("data before connectionMade");
      }
      int from = 0;
      if (skip > 0) {
        int n = (int) Math.min(skip, data.length);
        skip -= n;
        from = n;
      }
      if (len == 0) {
        // the usual case: whole requests in this read, nothing left over from the last
        int done = requests(tr, data, from, data.length);
        if (done >= 0 && done < data.length) {
          append(data, done, data.length - done);
        }
        return;
      }
      append(data, from, data.length - from);
      int done = requests(tr, buf, 0, len);
      if (done < 0) {
        len = 0;
      } else {
        System.arraycopy(buf, done, buf, 0, len - done);
        len -= done;
      }
    }

    /**
     * Answers every whole request in {@code b[from, to)}; returns the index of the first byte not
     * consumed, or -1 if the connection was closed.
     */
    private int requests(Transport tr, byte[] b, int from, int to) {
      int at = from;
      while (at < to) {
        int end = HttpRequests.headEnd(b, at, to);
        if (end < 0) {
          if (to - at > HttpRequests.MAX_HEAD) {
            refuse(tr);
            return -1;
          }
          return at;
        }
        Head h;
        try {
          h = HttpRequests.parse(b, at, end - at);
        } catch (BadRequest e) {
          refuse(tr);
          return -1;
        }
        at = end;
        long body = h.contentLength();
        int inHere = (int) Math.min(body, to - at);
        at += inHere;
        skip = body - inHere;
        tr.write(h.keepAlive() ? HttpRequests.RESPONSE : HttpRequests.RESPONSE_CLOSE);
        if (!h.keepAlive()) {
          tr.close();
          return -1;
        }
      }
      return at;
    }

    private void refuse(Transport tr) {
      tr.write(HttpRequests.BAD_REQUEST);
      tr.close();
    }

    private void append(byte[] data, int off, int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
      System.arraycopy(data, off, buf, len, n);
      len += n;
    }
  }
}
