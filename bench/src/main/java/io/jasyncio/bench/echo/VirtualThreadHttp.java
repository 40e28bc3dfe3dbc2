package io.jasyncio.bench.echo;

import io.jasyncio.bench.echo.HttpRequests.BadRequest;
import io.jasyncio.bench.echo.HttpRequests.Head;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * E3's HTTP/1.1 keep-alive server in plain Java virtual threads: blocking {@link ServerSocket}, one
 * virtual thread per connection, the parser of {@link HttpRequests}. {@code VirtualThreadHttp PORT}
 * listens on 127.0.0.1:PORT (0: any free port), prints {@code READY <port>}, and serves until
 * killed.
 */
public final class VirtualThreadHttp {
  private VirtualThreadHttp() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    try (ServerSocket server = new ServerSocket()) {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      server.bind(new InetSocketAddress(loopback, port), 1024);
      System.out.println("READY " + server.getLocalPort());
      System.out.flush();
      while (true) {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      }
    }
  }

  /** {@code buf[0, len)}: read and not yet parsed. */
  private static void serve(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      s.setTcpNoDelay(true);
      byte[] buf = new byte[HttpRequests.MAX_HEAD + 4];
      int len = 0;
      while (true) {
        int end = HttpRequests.headEnd(buf, 0, len);
        if (end < 0) {
          if (len == buf.length) {
            out.write(HttpRequests.BAD_REQUEST);
            return;
          }
          int n = in.read(buf, len, buf.length - len);
          if (n < 0) {
            return; // the client closed the connection
          }
          len += n;
          continue;
        }
        Head h;
        try {
          h = HttpRequests.parse(buf, 0, end);
        } catch (BadRequest e) {
          out.write(HttpRequests.BAD_REQUEST);
          return;
        }
        System.arraycopy(buf, end, buf, 0, len - end);
        len -= end;
        long body = h.contentLength();
        int here = (int) Math.min(body, len);
        System.arraycopy(buf, here, buf, 0, len - here);
        len -= here;
        in.skipNBytes(body - here); // EOFException if the client closes first
        out.write(h.keepAlive() ? HttpRequests.RESPONSE : HttpRequests.RESPONSE_CLOSE);
        if (!h.keepAlive()) {
          return;
        }
      }
    } catch (IOException e) {
      // the load generator went away
    }
  }
}
