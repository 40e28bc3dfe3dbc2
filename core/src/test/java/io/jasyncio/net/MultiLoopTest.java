package io.jasyncio.net;

import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server on several loops, one thread each (docs/io.md, "More than one core"): with {@code
 * reusePort} the kernel spreads the connections; or one loop accepts and hands each connection's
 * channel to another loop, where it becomes a transport. Nothing else crosses loops.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MultiLoopTest {
  /** Runs an echo server naming its loop, on a new thread, until {@code stop} completes. */
  private static Thread serveOnItsOwnLoop(
      String name, int port, CompletableFuture<Void> ready, CompletableFuture<Void> stop) {
    return Thread.ofPlatform()
        .name(name)
        .start(
            () ->
                run(
                    () -> {
                      EventLoop loop = getRunningLoop();
                      Server server =
                          Streams.startServer(
                              (r, w) -> {
                                w.write((name + " " + new String(r.readline(), UTF_8)));
                                w.close();
                              },
                              "127.0.0.1",
                              port,
                              StreamReader.DEFAULT_LIMIT,
                              Net.ServerOptions.defaults().withReusePort(true));
                      Future<Void> stopped = loop.createFuture();
                      stop.thenRun(() -> loop.callSoonThreadsafe(() -> stopped.setResult(null)));
                      ready.complete(null);
                      stopped.await();
                      server.close();
                      server.closeClients();
                      server.waitClosed();
                      return null;
                    }));
  }

  @Test
  void twoLoopsShareOnePortWithReusePort() throws Exception {
    int port;
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<Void> readyA = new CompletableFuture<>();
    CompletableFuture<Void> readyB = new CompletableFuture<>();
    Thread a = serveOnItsOwnLoop("loop-a", port, readyA, stop);
    Thread b = serveOnItsOwnLoop("loop-b", port, readyB, stop);
    CompletableFuture.allOf(readyA, readyB).get(10, TimeUnit.SECONDS);
    List<String> replies =
        run(
            () -> {
              List<Coroutine<String>> clients = new ArrayList<>();
              for (int i = 0; i < 64; i++) {
                clients.add(
                    () -> {
                      var c = Streams.openConnection("127.0.0.1", port);
                      c.writer().write("hi\n");
                      String reply = new String(c.reader().readline(), UTF_8).strip();
                      c.writer().close();
                      return reply;
                    });
              }
              return gather(clients);
            });
    stop.complete(null);
    a.join();
    b.join();
    assertThat(replies).hasSize(64).allMatch(r -> r.equals("loop-a hi") || r.equals("loop-b hi"));
    assertThat(replies)
        .as("the kernel spread 64 connections over both")
        .contains("loop-a hi", "loop-b hi");
  }

  @Test
  void oneLoopAcceptsAndHandsEachChannelToAnother() throws Exception {
    CompletableFuture<EventLoop> workerLoop = new CompletableFuture<>();
    CompletableFuture<Void> stop = new CompletableFuture<>();
    Thread worker =
        Thread.ofPlatform()
            .name("worker")
            .start(
                () ->
                    run(
                        () -> {
                          EventLoop loop = getRunningLoop();
                          Future<Void> stopped = loop.createFuture();
                          stop.thenRun(
                              () -> loop.callSoonThreadsafe(() -> stopped.setResult(null)));
                          workerLoop.complete(loop);
                          stopped.await();
                          return null;
                        }));
    EventLoop worker0 = workerLoop.get(10, TimeUnit.SECONDS);
    Seen seen = new Seen();
    String reply =
        run(
            () -> {
              ServerSocketChannel listener = ServerSocketChannel.open();
              listener.bind(new InetSocketAddress("127.0.0.1", 0));
              listener.configureBlocking(false);
              var accepting =
                  io.jasyncio.Asyncio.createTask(
                      () -> {
                        SocketChannel ch = Net.sockAccept(listener); // on this loop
                        worker0.callSoonThreadsafe( // the channel crosses; nothing else does
                            () ->
                                worker0.createTask(
                                    () -> {
                                      seen.threads.add(Thread.currentThread().getName());
                                      Net.connectAcceptedSocket(
                                          () ->
                                              new Protocol() {
                                                Transport t;

                                                @Override
                                                public void connectionMade(Transport transport) {
                                                  t = transport;
                                                }

                                                @Override
                                                public void dataReceived(byte[] data) {
                                                  t.write(data);
                                                  t.close();
                                                }
                                              },
                                          ch);
                                    }));
                        return null;
                      });
              var c =
                  Streams.openConnection(
                      "127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort());
              accepting.await();
              c.writer().write("handed over\n");
              String r = new String(c.reader().readline(), UTF_8);
              c.writer().close();
              listener.close();
              return r;
            });
    stop.complete(null);
    worker.join();
    assertThat(reply).isEqualTo("handed over\n");
    assertThat(seen.threads).isNotEmpty();
  }

  private static final class Seen {
    final java.util.Set<String> threads = ConcurrentHashMap.newKeySet();
  }
}
