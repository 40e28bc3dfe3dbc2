package io.jasyncio;

import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.sleep;

import io.jasyncio.net.Server;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link EmfileTest} under a low file-descriptor limit: a server whose accept runs out of
 * file descriptors must back off (asyncio: 1 s), not spin on its ready listening socket, and accept
 * again afterwards.
 */
public final class EmfileProgram {
  private EmfileProgram() {}

  public static void main(String[] args) {
    Asyncio.run(
        () -> {
          EventLoop loop = getRunningLoop();
          List<String> reports = new ArrayList<>();
          loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message()));
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write(r.readline());
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var addr = new InetSocketAddress("127.0.0.1", server.port());
          List<SocketChannel> clients = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            clients.add(SocketChannel.open(addr)); // queued in the backlog, not accepted yet
          }
          List<java.nio.channels.FileChannel> hogs = new ArrayList<>();
          try {
            while (hogs.size() < 100_000) { // until this process has no descriptor left
              hogs.add(java.nio.channels.FileChannel.open(java.nio.file.Path.of("/dev/null")));
            }
          } catch (IOException e) {
            // EMFILE: every descriptor is taken; the server's accept will fail
          }
          while (reports.stream().noneMatch(m -> m.contains("out of system resource"))) {
            sleep(0.01);
          }
          System.out.println("accept backed off");
          long polls0 = loop.poller.polls.get();
          sleep(0.5);
          long polls = loop.poller.polls.get() - polls0;
          System.out.println(polls < 50 ? "no spin" : "spun: " + polls + " polls in 0.5 s");
          for (var h : hogs) {
            h.close();
          }
          for (SocketChannel c : clients) {
            c.close();
          }
          sleep(1.0); // the back-off ends; the queued connections are accepted and see EOF
          var c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().write("served again\n");
          System.out.print(
              new String(c.reader().readline(), java.nio.charset.StandardCharsets.UTF_8));
          c.writer().close();
          server.close();
          server.closeClients();
          return null;
        });
  }
}
