package io.jasyncio.net;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.sync.Event;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pitfalls users hit with asyncio's streams (research note, section 6), each pinned: the number
 * in each name is the pitfall's. Real localhost sockets.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PitfallsTest {
  private static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  /** A raw client channel connected to {@code port}, ready to be reset (SO_LINGER 0). */
  private static SocketChannel rawClient(int port) throws IOException {
    SocketChannel c = SocketChannel.open();
    c.configureBlocking(false);
    c.setOption(StandardSocketOptions.SO_LINGER, 0);
    Net.sockConnect(c, new InetSocketAddress("127.0.0.1", port));
    return c;
  }

  @Test
  void p01WriteWithDrainKeepsTheBufferBoundedAndDrainRaisesOnceThePeerIsGone() {
    run(
        () -> {
          Event stop = new Event();
          List<Integer> maxBuffered = new ArrayList<>(List.of(0));
          List<Throwable> drainFailure = new ArrayList<>();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    byte[] chunk = new byte[16 * 1024];
                    try {
                      while (true) {
                        w.write(chunk);
                        maxBuffered.set(
                            0, Math.max(maxBuffered.get(0), w.transport().getWriteBufferSize()));
                        w.drain();
                      }
                    } catch (IOException e) {
                      drainFailure.add(e);
                    }
                    stop.set();
                  },
                  "127.0.0.1",
                  0);
          SocketChannel peer = rawClient(server.port()); // reads nothing
          sleep(0.2);
          assertThat(maxBuffered.get(0))
              .as("never more than the high-water mark plus one chunk")
              .isLessThanOrEqualTo(64 * 1024 + 16 * 1024);
          peer.close(); // a reset
          stop.await();
          assertThat(drainFailure).singleElement().isInstanceOf(IOException.class);
          server.close();
          server.waitClosed();
          return null;
        });
  }

  @Test
  void p02WritesAfterAResetAreDroppedWithoutAnExceptionAndDrainSaysWhy() {
    run(
        () -> {
          List<String> trace = new ArrayList<>();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    var raw = (SocketChannel) w.getExtraInfo("socket");
                    raw.setOption(StandardSocketOptions.SO_LINGER, 0);
                    w.transport().abort(); // the peer sees a reset
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          try {
            c.reader().read();
            trace.add("read returned");
          } catch (IOException e) {
            trace.add("read raised " + e.getClass().getSimpleName());
          }
          for (int i = 0; i < 10; i++) {
            c.writer().write("late\n"); // dropped, no exception (logged once)
          }
          trace.add("writes returned");
          try {
            c.writer().drain();
            trace.add("drain returned");
          } catch (IOException e) {
            trace.add("drain raised " + e.getClass().getSimpleName());
          }
          assertThat(trace)
              .containsExactly(
                  "read raised SocketException", "writes returned", "drain raised SocketException");
          server.close();
          return null;
        });
  }

  @Test
  void p03HundredTasksDrainingOnePausedWriterAllResume() {
    run(
        () -> {
          Event readNow = new Event();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    readNow.await();
                    r.read();
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().transport().setWriteBufferLimits(1, 0);
          byte[] big = new byte[8 << 20];
          c.writer().write(big); // over the kernel's buffers: the transport pauses the protocol
          List<Coroutine<String>> drainers = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            drainers.add(
                () -> {
                  c.writer().drain();
                  return "ok";
                });
          }
          Task<List<String>> all = createTask(() -> gather(drainers));
          sleep(0.05);
          assertThat(all.isDone()).as("all wait while paused").isFalse();
          readNow.set();
          assertThat(all.await()).hasSize(100).containsOnly("ok");
          c.writer().writeEof();
          c.reader().read();
          server.close();
          return null;
        });
  }

  @Test
  void p06ReadexactlyLongerThanTwiceTheLimitDoesNotDeadlockOnAPausedTransport() {
    run(
        () -> {
          int limit = 1024;
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write(new byte[4 * limit]);
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port(), limit);
          sleep(0.05); // the reader has paused the transport at 2 * limit
          assertThat(c.reader().readexactly(4 * limit)).hasSize(4 * limit);
          c.writer().close();
          server.close();
          return null;
        });
  }

  @Test
  void p07WriteEofAfterCloseIsIgnoredAsInAsyncio() {
    run(
        () -> {
          Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().close();
          c.writer().writeEof(); // asyncio: `if self._closing or self._eof: return`
          c.writer().waitClosed();
          server.close();
          return null;
        });
  }

  @Test
  void p12ATimedOutReadlineLeavesTheReaderUsableAndLosesNoBytes() {
    runVirtualTime(
        () -> {
          Event more = new Event();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write("par");
                    w.drain();
                    more.await();
                    w.write("tial\n");
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          assertThatThrownBy(() -> waitFor(() -> c.reader().readline(), 1))
              .isInstanceOf(TimeoutException.class);
          more.set();
          assertThat(s(c.reader().readline())).isEqualTo("partial\n");
          c.writer().close();
          server.close();
          return null;
        });
  }

  @Test
  void p13CancellingAConnectAtAnyStepLeaksNoFileDescriptor() throws IOException {
    long before = openFds();
    run(
        () -> {
          Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
          for (int steps = 0; steps < 8; steps++) {
            Task<Streams.Connection> t =
                createTask(() -> Streams.openConnection("localhost", server.port()));
            for (int i = 0; i < steps; i++) {
              sleep(0);
            }
            if (t.cancel()) {
              assertThatThrownBy(t::await).isInstanceOf(io.jasyncio.CancelledError.class);
            } else {
              t.await().writer().close(); // it won the race: close it as a user would
            }
          }
          sleep(0.05);
          server.close();
          server.closeClients();
          server.waitClosed();
          return null;
        });
    assertThat(openFds()).as("file descriptors after the loop closed").isLessThanOrEqualTo(before);
  }

  /**
   * p13 under explored schedules: per seed, three connects at once (to "localhost", so Happy
   * Eyeballs may race two addresses), each cancelled after its own number of steps, in an order the
   * seed picks. No channel is left open (the loop reports none at its close) and no file descriptor
   * is leaked.
   */
  @Test
  void p13UnderExploredSchedulesACancelledConnectLeaksNothing() throws IOException {
    long before = openFds();
    for (long seed = 0; seed < 40; seed++) {
      EventLoop loop = new EventLoop(io.jasyncio.Engine.defaultEngine(), true);
      List<String> reports = new ArrayList<>();
      loop.setExceptionHandler((l, c) -> reports.add(c.message()));
      loop.exploreSchedules(seed);
      long s = seed;
      loop.runUntilComplete(
          loop.createTask(
              () -> {
                Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
                List<Task<Streams.Connection>> connects = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                  connects.add(
                      createTask(() -> Streams.openConnection("localhost", server.port())));
                }
                for (int k = 0; k < 3; k++) {
                  for (long i = 0; i < (s + 3 * k) % 7; i++) {
                    sleep(0);
                  }
                  Task<Streams.Connection> t = connects.get(k);
                  if (t.cancel()) {
                    assertThatThrownBy(t::await).isInstanceOf(io.jasyncio.CancelledError.class);
                  } else {
                    t.await().writer().close(); // it won the race: closed as a user would
                  }
                }
                server.close();
                server.closeClients();
                server.waitClosed();
                return null;
              }));
      loop.close();
      assertThat(reports).as("seed " + seed + ": reported at the loop's close").isEmpty();
    }
    assertThat(openFds()).as("file descriptors after 40 loops").isLessThanOrEqualTo(before);
  }

  private static long openFds() throws IOException {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  @Test
  void p14AnIdleTimeoutEndsASlowLorisClient() {
    List<String> trace =
        runVirtualTime(
            () -> {
              List<String> t = new ArrayList<>();
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        try {
                          Asyncio.timeout(5).run(() -> r.readline());
                          t.add("got a line");
                        } catch (TimeoutException e) {
                          t.add("dropped the slow client at " + getRunningLoop().time());
                        }
                        w.close();
                      },
                      "127.0.0.1",
                      0);
              var c = Streams.openConnection("127.0.0.1", server.port());
              for (int i = 0; i < 3; i++) {
                c.writer().write("x"); // a byte every 2 s, never a whole line
                sleep(2);
              }
              assertThat(c.reader().read()).as("the server hung up").isEmpty();
              c.writer().close();
              server.close();
              server.waitClosed();
              return t;
            });
    assertThat(trace).containsExactly("dropped the slow client at 5.0");
  }

  @Test
  void p15WaitClosedNeverReturnsWhileServing() {
    runVirtualTime(
        () -> {
          Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
          assertThatThrownBy(() -> waitFor(server::waitClosed, 60))
              .isInstanceOf(TimeoutException.class);
          server.close();
          server.waitClosed();
          return null;
        });
  }

  @Test
  void p16CancellingServeForeverWithAnIdleClientFinishesAndTheHandlerSeesEof() {
    List<String> trace =
        run(
            () -> {
              List<String> t = new ArrayList<>();
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        t.add("handler read " + r.read().length + " bytes: EOF");
                        w.close();
                      },
                      "127.0.0.1",
                      0);
              Task<Void> serving = createTask(server::serveForever);
              var idle = Streams.openConnection("127.0.0.1", server.port());
              sleep(0.05);
              serving.cancel();
              assertThatThrownBy(serving::await).isInstanceOf(io.jasyncio.CancelledError.class);
              t.add("serveForever ended");
              assertThat(idle.reader().read()).isEmpty();
              idle.writer().close();
              return t;
            });
    assertThat(trace).containsExactly("handler read 0 bytes: EOF", "serveForever ended");
  }

  @Test
  void p18CloseThenLoopCloseIsNotReportedAsUnclosed() {
    List<String> reports = new ArrayList<>();
    EventLoop loop = new EventLoop();
    loop.setExceptionHandler((l, ctx) -> reports.add(ctx.message()));
    loop.runUntilComplete(
        loop.createTask(
            () -> {
              Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0);
              var c = Streams.openConnection("127.0.0.1", server.port());
              c.writer().write("bye");
              c.writer().close(); // no waitClosed: the loop closes right after
              server.close();
              server.closeClients();
              return null;
            }));
    loop.close();
    assertThat(reports).noneMatch(m -> m.contains("unclosed") || m.contains("unsent"));
  }

  @Test
  void p20AResetIsOneKindOfExceptionFromReadDrainAndWaitClosed() {
    run(
        () -> {
          List<Throwable> seen = new ArrayList<>();
          Event done = new Event();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    try {
                      r.read(); // the reset
                    } catch (IOException e) {
                      seen.add(e);
                    }
                    try {
                      w.drain();
                    } catch (IOException e) {
                      seen.add(e);
                    }
                    try {
                      w.waitClosed();
                    } catch (IOException e) {
                      seen.add(e);
                    }
                    done.set();
                  },
                  "127.0.0.1",
                  0);
          SocketChannel peer = rawClient(server.port());
          Net.sockSendall(peer, "unread".getBytes(UTF_8));
          sleep(0.02);
          peer.close(); // SO_LINGER 0: RST
          done.await();
          assertThat(seen).hasSize(3).allMatch(e -> e instanceof java.net.SocketException);
          server.close();
          return null;
        });
  }
}
