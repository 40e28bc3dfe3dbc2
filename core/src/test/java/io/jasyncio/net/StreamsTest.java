package io.jasyncio.net;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Task;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams over real localhost sockets: asyncio's open_connection / start_server semantics. */
class StreamsTest {
  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  @Test
  void echoRoundTripWithReadlineAndEof() {
    List<String> trace =
        run(
            () -> {
              List<String> t = Collections.synchronizedList(new ArrayList<>());
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        for (byte[] line : r.lines()) {
                          t.add("server got " + s(line).strip());
                          w.write(line);
                          w.drain();
                        }
                        t.add("server saw eof");
                        w.close();
                        w.waitClosed();
                      },
                      "127.0.0.1",
                      0);
              var c = Streams.openConnection("127.0.0.1", server.port());
              c.writer().write("hello\nworld\n");
              t.add("client got " + s(c.reader().readline()).strip());
              t.add("client got " + s(c.reader().readline()).strip());
              c.writer().writeEof();
              t.add("client read after eof: " + c.reader().read().length + " bytes");
              assertThat(c.reader().atEof()).isTrue();
              c.writer().close();
              c.writer().waitClosed();
              server.close();
              server.waitClosed();
              return t;
            });
    assertThat(trace)
        .containsExactly(
            "server got hello", // both lines came in one segment
            "server got world",
            "client got hello",
            "client got world",
            "server saw eof",
            "client read after eof: 0 bytes");
  }

  @Test
  void readuntilSeveralSeparatorsLimitAndIncompleteRead() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write("abc\r\ndef;" + "x".repeat(40) + "\ntail");
                    w.close();
                  },
                  "127.0.0.1",
                  0,
                  16,
                  Net.ServerOptions.defaults());
          var c = Streams.openConnection("127.0.0.1", server.port(), 16);
          StreamReader r = c.reader();
          assertThat(s(r.readuntil(b(";"), b("\r\n")))).isEqualTo("abc\r\n");
          assertThat(s(r.readuntil(b(";"), b("\r\n")))).isEqualTo("def;");
          assertThatThrownBy(() -> r.readuntil(b("\n")))
              .isInstanceOf(LimitOverrunError.class)
              .hasMessageContaining("chunk");
          // readuntil leaves the data: readexactly still sees every byte
          assertThat(s(r.readexactly(40))).isEqualTo("x".repeat(40));
          assertThat(s(r.readline())).isEqualTo("\n");
          var incomplete =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  IncompleteReadError.class, () -> r.readexactly(10));
          assertThat(s(incomplete.partial())).isEqualTo("tail");
          assertThat(incomplete.expected()).isEqualTo(10);
          assertThat(r.atEof()).isTrue();
          c.writer().close();
          server.close();
          return null;
        });
  }

  @Test
  void readlineOverTheLimitDropsTheLine() {
    run(
        () -> {
          StreamReader r = new StreamReader(4);
          r.feedData(b("toolong\nok\n"));
          r.feedEof();
          assertThatThrownBy(r::readline).isInstanceOf(LimitOverrunError.class);
          assertThat(s(r.readline())).isEqualTo("ok\n");
          assertThat(r.readline()).isEmpty();
          assertThatThrownBy(() -> new StreamReader(0))
              .hasMessageContaining("Limit cannot be <= 0");
          assertThatThrownBy(() -> r.readuntil(new byte[0]))
              .hasMessageContaining("at least one-byte");
          return null;
        });
  }

  @Test
  void p05AfterALimitOverrunAReadLoopRecoversTheData() {
    run(
        () -> {
          StreamReader r = new StreamReader(8);
          r.feedData(b("0123456789abcdef;tail"));
          r.feedEof();
          var e =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  LimitOverrunError.class, () -> r.readuntil(b(";")));
          assertThat(e.consumed()).isEqualTo(16);
          StringBuilder got = new StringBuilder();
          while (got.indexOf(";") < 0) { // recovery: read in limit-sized pieces
            got.append(s(r.read(8)));
          }
          assertThat(got.toString()).startsWith("0123456789abcdef;");
          return null;
        });
  }

  @Test
  void aCancelledReadLosesNoBytesAndTheReaderStaysUsable() {
    run(
        () -> {
          StreamReader r = new StreamReader();
          Task<byte[]> reading = createTask(() -> r.readexactly(6));
          sleep(0);
          r.feedData(b("abc"));
          sleep(0);
          reading.cancel();
          assertThatThrownBy(reading::await).isInstanceOf(CancelledError.class);
          r.feedData(b("def"));
          assertThat(s(r.readexactly(6))).isEqualTo("abcdef");
          return null;
        });
  }

  @Test
  void twoConcurrentReadersAreRefused() {
    run(
        () -> {
          StreamReader r = new StreamReader();
          Task<byte[]> first = createTask(() -> r.read(10));
          sleep(0);
          assertThatThrownBy(() -> r.read(10))
              .isInstanceOf(IllegalStateException.class)
              .hasMessageContaining("another task is already waiting");
          r.feedData(b("x"));
          assertThat(s(first.await())).isEqualTo("x");
          return null;
        });
  }

  @Test
  void readingPausesTheTransportAtTwiceTheLimitAndResumesAtTheLimit() {
    run(
        () -> {
          int limit = 1024;
          byte[] big = new byte[16 * limit];
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write(big);
                    w.drain();
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port(), limit);
          Transport t = c.writer().transport();
          while (t.isReading()) { // the reader fills to over 2 * limit, then pauses the transport
            sleep(0.001);
          }
          assertThat(t.isReading()).isFalse();
          byte[] all = c.reader().read(); // reading on resumes it
          assertThat(all).hasSize(big.length);
          c.writer().close();
          server.close();
          return null;
        });
  }

  @Test
  void drainWaitsWhileThePeerDoesNotRead() {
    run(
        () -> {
          List<String> t = new ArrayList<>();
          var gate = new io.jasyncio.sync.Event();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    gate.await(); // does not read until the client is blocked in drain()
                    r.read();
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().transport().setWriteBufferLimits(1024, 256);
          byte[] chunk = new byte[64 * 1024];
          Task<Void> writer =
              createTask(
                  () -> {
                    for (int i = 0; i < 200; i++) { // 12.5 MiB: more than the kernel buffers hold
                      c.writer().write(chunk);
                      c.writer().drain();
                    }
                    t.add("written");
                    c.writer().writeEof();
                  });
          while (c.writer().transport().getWriteBufferSize() <= 1024) {
            sleep(0.001);
          }
          t.add("blocked in drain, " + (writer.isDone() ? "done" : "pending"));
          gate.set();
          writer.await();
          c.writer().close();
          server.close();
          return t;
        });
  }

  @Test
  void serverCloseLeavesConnectionsAndWaitClosedWaitsForTheLast() {
    List<String> trace =
        run(
            () -> {
              List<String> t = new ArrayList<>();
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        r.read();
                        t.add("handler saw eof");
                        w.close();
                      },
                      "127.0.0.1",
                      0);
              int port = server.port();
              var c = Streams.openConnection("127.0.0.1", port);
              sleep(0.01);
              server.close();
              t.add("serving " + server.isServing() + ", sockets " + server.sockets().size());
              assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", port))
                  .isInstanceOf(java.io.IOException.class)
                  .hasRootCauseInstanceOf(ConnectException.class);
              Task<Void> waiting =
                  createTask(
                      () -> {
                        server.waitClosed();
                        t.add("waitClosed returned");
                      });
              sleep(0.01);
              t.add("waiting " + (waiting.isDone() ? "done" : "pending"));
              c.writer().close(); // the last client leaves
              waiting.await();
              server.waitClosed(); // and returns at once from now on
              return t;
            });
    assertThat(trace)
        .containsExactly(
            "serving false, sockets 0",
            "waiting pending",
            "handler saw eof",
            "waitClosed returned");
  }

  @Test
  void closeClientsAndAbortClients() {
    run(
        () -> {
          List<Throwable> lost = new ArrayList<>();
          Server server =
              Net.createServer(
                  () ->
                      new Protocol() {
                        @Override
                        public void connectionLost(Throwable exc) {
                          lost.add(exc);
                        }
                      },
                  "127.0.0.1",
                  0);
          var c1 = Streams.openConnection("127.0.0.1", server.port());
          var c2 = Streams.openConnection("127.0.0.1", server.port());
          sleep(0.01);
          server.closeClients();
          assertThat(c1.reader().read()).isEmpty();
          assertThat(c2.reader().read()).isEmpty();
          assertThat(lost).hasSize(2);
          server.close();
          server.waitClosed();
          c1.writer().close();
          c2.writer().close();
          return null;
        });
  }

  @Test
  void serveForeverEndsByCancellationAndClosesTheServer() {
    run(
        () -> {
          Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
          Task<Void> serving = createTask(server::serveForever);
          sleep(0.01);
          assertThatThrownBy(server::serveForever).hasMessageContaining("already being awaited");
          serving.cancel();
          assertThatThrownBy(serving::await).isInstanceOf(CancelledError.class);
          assertThat(server.isServing()).isFalse();
          assertThat(server.sockets()).isEmpty();
          return null;
        });
  }

  @Test
  void aFailingHandlerIsReportedAndItsConnectionClosed() {
    List<ExceptionContext> reports = new ArrayList<>();
    run(
        () -> {
          Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> reports.add(ctx));
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    throw new IllegalStateException("boom");
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          assertThat(c.reader().read()).as("closed by the server").isEmpty();
          c.writer().close();
          server.close();
          return null;
        });
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).message()).contains("client connected handler");
    assertThat(reports.get(0).exception()).hasMessage("boom");
  }

  @Test
  void connectionRefusedNamesTheAddress() {
    run(
        () -> {
          Server probe = Net.createServer(() -> new Protocol() {}, "127.0.0.1", 0);
          int port = probe.port();
          probe.close();
          assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", port))
              .isInstanceOf(java.io.IOException.class)
              .hasMessageContaining("127.0.0.1:" + port);
          return null;
        });
  }

  @Test
  void manyClientsAtOnce() {
    int n = 50;
    List<String> replies =
        run(
            () -> {
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        byte[] line = r.readline();
                        w.write(("echo " + s(line)).getBytes(UTF_8));
                        w.close();
                      },
                      "127.0.0.1",
                      0);
              List<io.jasyncio.Coroutine<String>> clients = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                int id = i;
                clients.add(
                    () -> {
                      var c = Streams.openConnection("localhost", server.port());
                      c.writer().write("client " + id + "\n");
                      String reply = s(c.reader().read()).strip();
                      c.writer().close();
                      return reply;
                    });
              }
              List<String> out = gather(clients);
              server.close();
              server.waitClosed();
              return out;
            });
    assertThat(replies).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(replies.get(i)).isEqualTo("echo client " + i);
    }
  }

  @Test
  void anUnclosedTransportIsReportedAtLoopClose() {
    List<String> reports = new ArrayList<>();
    EventLoop loop = new EventLoop();
    loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message()));
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              Server server = Streams.startServer((r, w) -> r.read(), "127.0.0.1", 0);
              Streams.openConnection("127.0.0.1", server.port());
              sleep(0.01);
              return null;
            }));
    loop.close();
    assertThat(reports).anyMatch(m -> m.startsWith("unclosed <SocketTransport"));
    assertThat(reports).anyMatch(m -> m.startsWith("unclosed <Server"));
  }
}
