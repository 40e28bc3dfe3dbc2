package io.jasyncio.bench.echo;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Net;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * E1's echo server in jasyncio, in the two styles of {@code echo_server.py} and asyncio's third:
 * {@code JasyncioEcho streams|protocol|sock PORT}. {@code streams}: {@link Streams#startServer},
 * each connection a task that reads up to 64 KiB, writes it and drains; {@code protocol}: {@link
 * Net#createServer}, whose {@code dataReceived} writes to the transport; {@code sock}: the loop's
 * socket methods on raw channels ({@link Net#sockAccept}, then per connection a task that {@link
 * Net#sockRecv}s up to 64 KiB and {@link Net#sockSendall}s it, asyncio's {@code sock_recv} and
 * {@code sock_sendall}). Listens on 127.0.0.1:PORT (0: any free port), prints {@code READY <port>},
 * and serves until killed. The engine is the JVM's default ({@code
 * -Djasyncio.engine=continuations|virtual-threads}).
 */
public final class JasyncioEcho {
  private JasyncioEcho() {}

  public static void main(String[] args) {
    if (args.length != 2 || !List.of("streams", "protocol", "sock").contains(args[0])) {
      System.err.println("usage: JasyncioEcho streams|protocol|sock PORT");
      System.exit(2);
    }
    boolean streams = args[0].equals("streams");
    int port = Integer.parseInt(args[1]);
    if (args[0].equals("sock")) {
      Asyncio.run(() -> sockServer(port));
      return;
    }
    Asyncio.run(
        () -> {
          Server s = streams ? streamsServer(port) : protocolServer(port);
          System.out.println("READY " + s.port());
          System.out.flush();
          s.serveForever();
        });
  }

  /** asyncio's {@code start_server} echo: read, write, drain, until end of stream. */
  static Server streamsServer(int port) throws IOException {
    return Streams.startServer(
        (StreamReader r, StreamWriter w) -> {
          while (true) {
            byte[] d = r.read(65536);
            if (d.length == 0) {
              break;
            }
            w.write(d);
            w.drain();
          }
          w.close();
        },
        "127.0.0.1",
        port);
  }

  /** asyncio's {@code sock_*} echo: accept, then recv and sendall per connection, until killed. */
  static void sockServer(int port) throws IOException {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 1024);
      listener.configureBlocking(false);
      System.out.println("READY " + ((InetSocketAddress) listener.getLocalAddress()).getPort());
      System.out.flush();
      while (true) {
        SocketChannel c = Net.sockAccept(listener);
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        var _ = Asyncio.createTask(() -> sockEcho(c)); // the loop keeps its tasks
      }
    }
  }

  static void sockEcho(SocketChannel c) {
    try (c) {
      while (true) {
        byte[] d = Net.sockRecv(c, 65536);
        if (d.length == 0) {
          break;
        }
        Net.sockSendall(c, d);
      }
    } catch (IOException e) {
      // the load generator went away
    }
  }

  /** asyncio's protocol echo: {@code data_received} writes to the transport. */
  static Server protocolServer(int port) throws IOException {
    return Net.createServer(EchoProtocol::new, "127.0.0.1", port);
  }

  private static final class EchoProtocol implements Protocol {
    private @Nullable Transport t;

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
      tr.write(data);
    }
  }
}
