package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.net.Server;
import io.jasyncio.net.Streams;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's selector: opened lazily, woken from other threads, polled on a budget. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectorLoopTest {
  @Test
  void aLoopWithoutChannelsNeverOpensASelector() {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          sleep(0.001);
          createTask(() -> sleep(0)).await();
          assertThat(loop.poller.hasSelector()).isFalse();
          Pipe p = Pipe.open();
          p.source().configureBlocking(false);
          loop.addReader(p.source(), () -> {});
          assertThat(loop.poller.hasSelector()).isTrue();
          assertThat(loop.removeReader(p.source())).isTrue();
          assertThat(loop.removeReader(p.source())).as("removed already").isFalse();
          p.source().close();
          p.sink().close();
          return null;
        });
  }

  @Test
  void aReaderRunsOncePerReadinessUntilRemoved() {
    List<String> trace =
        run(
            () -> {
              EventLoop loop = getRunningLoop();
              List<String> t = new ArrayList<>();
              Pipe p = Pipe.open();
              p.source().configureBlocking(false);
              Future<Void> got = loop.createFuture();
              loop.addReader(
                  p.source(),
                  () -> {
                    ByteBuffer b = ByteBuffer.allocate(16);
                    try {
                      p.source().read(b);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                    t.add("read " + b.position());
                    loop.removeReader(p.source());
                    got.setResult(null);
                  });
              p.sink().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
              got.await();
              t.add("removed: " + loop.removeReader(p.source()));
              p.source().close();
              p.sink().close();
              return t;
            });
    assertThat(trace).containsExactly("read 3", "removed: false");
  }

  @Test
  void anotherThreadWakesALoopBlockedInSelect() throws Exception {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          Pipe p = Pipe.open(); // a registered channel that never becomes ready
          p.source().configureBlocking(false);
          loop.addReader(p.source(), () -> {});
          Future<String> f = loop.createFuture();
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      Thread.sleep(50); // the loop is in select() with no timer by now
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    loop.callSoonThreadsafe(() -> f.setResult("woken"));
                  });
          assertThat(f.await()).isEqualTo("woken");
          loop.removeReader(p.source());
          p.source().close();
          p.sink().close();
          return null;
        });
  }

  @Test
  void aBusyLoopStillServesItsChannels() {
    run(
        () -> {
          Task<Void> spinner =
              createTask(
                  () -> {
                    while (true) {
                      sleep(0); // never idle: the select step never waits
                    }
                  });
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write(r.readline());
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().write("ping\n");
          assertThat(new String(c.reader().readline(), java.nio.charset.StandardCharsets.UTF_8))
              .isEqualTo("ping\n");
          c.writer().close();
          server.close();
          spinner.cancel();
          return null;
        });
  }

  @Test
  void registrationRefusesBlockingClosedAndUnsuitableChannels() throws Exception {
    run(
        () -> {
          EventLoop loop = getRunningLoop();
          SocketChannel blocking = SocketChannel.open();
          assertThatThrownBy(() -> loop.addReader(blocking, () -> {}))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("configureBlocking(false)");
          blocking.close();
          Pipe p = Pipe.open();
          p.source().configureBlocking(false);
          p.sink().configureBlocking(false);
          assertThatThrownBy(() -> loop.addWriter(p.source(), () -> {}))
              .hasMessageContaining("not a writable channel");
          assertThatThrownBy(() -> loop.addReader(p.sink(), () -> {}))
              .hasMessageContaining("not a readable channel");
          p.source().close();
          assertThatThrownBy(() -> loop.addReader(p.source(), () -> {}))
              .hasMessageContaining("is closed");
          p.sink().close();
          return null;
        });
    EventLoop other = new EventLoop();
    Pipe p = Pipe.open();
    p.source().configureBlocking(false);
    Thread t =
        Thread.ofPlatform()
            .start(
                () ->
                    other.runUntilComplete(
                        other.createTask(
                            () -> {
                              sleep(0.2);
                              return null;
                            })));
    Thread.sleep(50);
    assertThatThrownBy(() -> other.addReader(p.source(), () -> {}))
        .isInstanceOf(IllegalStateException.class);
    t.join();
    other.close();
    p.source().close();
    p.sink().close();
  }

  @Test
  void onVirtualTimeAnIdleConnectionDoesNotFreezeTheClock() {
    double elapsed =
        Asyncio.withVirtualTime(
            () ->
                run(
                    () -> {
                      Server server =
                          Streams.startServer(
                              (r, w) -> {
                                r.read();
                                w.close();
                              },
                              "127.0.0.1",
                              0);
                      var c = Streams.openConnection("127.0.0.1", server.port());
                      sleep(3600); // the clock jumps although channels are registered
                      c.writer().close();
                      server.close();
                      server.waitClosed();
                      return null;
                    }));
    assertThat(elapsed).isGreaterThanOrEqualTo(3600);
  }

  @Test
  void onVirtualTimeDataThatIsComingBeatsATimeout() {
    runVirtualTime(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write(r.readline());
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          for (int i = 0; i < 20; i++) { // each time, the echo arrives before the clock can jump
            var d = Streams.openConnection("127.0.0.1", server.port());
            d.writer().write("x\n");
            assertThat(waitFor(() -> d.reader().readline(), 10)).hasSize(2);
            d.writer().close();
          }
          assertThatThrownBy(() -> waitFor(() -> c.reader().readline(), 10))
              .isInstanceOf(TimeoutException.class);
          c.writer().close();
          server.close();
          return null;
        });
  }
}
