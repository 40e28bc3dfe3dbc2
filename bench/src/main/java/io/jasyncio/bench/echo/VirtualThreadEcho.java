package io.jasyncio.bench.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * E1's echo server in plain Java virtual threads: blocking {@link ServerSocket}, one virtual thread
 * per connection reading up to 64 KiB and writing it back. {@code VirtualThreadEcho PORT} listens
 * on 127.0.0.1:PORT (0: any free port), prints {@code READY <port>}, and serves until killed.
 */
public final class VirtualThreadEcho {
  private VirtualThreadEcho() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    try (ServerSocket server = new ServerSocket()) {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      server.bind(new InetSocketAddress(loopback, port), 1024);
      System.out.println("READY " + server.getLocalPort());
      System.out.flush();
      while (true) {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> echo(s));
      }
    }
  }

  private static void echo(Socket s) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      s.setTcpNoDelay(true);
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // the load generator went away
    }
  }
}
