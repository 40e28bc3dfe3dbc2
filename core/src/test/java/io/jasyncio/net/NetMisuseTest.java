package io.jasyncio.net;

import static io.jasyncio.Asyncio.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.EventLoop;
import io.jasyncio.subprocess.Subprocess;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The I/O API given bad input, used with no running loop, or on a closed loop: a clear error. */
class NetMisuseTest {
  @Test
  void withNoRunningLoopEveryEntryPointSaysSo() {
    assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(() -> Net.createServer(() -> new Protocol() {}, "127.0.0.1", 0))
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(() -> Subprocess.createSubprocessExec("true"))
        .hasMessageContaining("no running event loop");
    assertThatThrownBy(MemoryTransports::streams).hasMessageContaining("no running event loop");
  }

  @Test
  void nullsAndBadNumbersAreRefusedByName() {
    run(
        () -> {
          assertThatThrownBy(() -> Net.createServer(null, "127.0.0.1", 0))
              .isInstanceOf(NullPointerException.class)
              .hasMessageContaining("protocolFactory");
          assertThatThrownBy(() -> Net.createConnection(() -> new Protocol() {}, null, 1))
              .hasMessageContaining("host");
          assertThatThrownBy(() -> Streams.startServer(null, "127.0.0.1", 0))
              .hasMessageContaining("handler");
          assertThatThrownBy(() -> Net.createServer(() -> new Protocol() {}, "127.0.0.1", -1))
              .hasMessageContaining("0..65535");
          assertThatThrownBy(() -> Net.ServerOptions.defaults().withBacklog(0))
              .hasMessageContaining("backlog");
          assertThatThrownBy(() -> Net.ServerOptions.defaults().withSslTimeouts(1, 0))
              .hasMessageContaining("sslShutdownTimeout");
          var ends = MemoryTransports.streams();
          assertThatThrownBy(() -> ends[0].writer().transport().setWriteBufferLimits(10, 20))
              .hasMessageContaining("must be >= low");
          return null;
        });
  }

  @Test
  void aClosedLoopRefusesRegistrations() throws Exception {
    EventLoop loop = new EventLoop();
    loop.close();
    Pipe p = Pipe.open();
    p.source().configureBlocking(false);
    try {
      assertThatThrownBy(() -> loop.addReader(p.source(), () -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(loop.removeReader(p.source())).isFalse();
    } finally {
      p.source().close();
      p.sink().close();
    }
  }

  /**
   * A transport's writes and state changes from a thread other than the loop's are refused before
   * they change anything, naming the method and both threads (a direct channel write from the
   * foreign thread used to go through when the buffer was empty); the loop's own writes go on.
   */
  @Test
  void aForeignThreadIsRefusedByEveryTransportBeforeAnythingChanges() {
    String echoed =
        run(
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
              var memory = MemoryTransports.streams();
              List<String> refused = new ArrayList<>();
              Thread foreign =
                  Thread.ofPlatform()
                      .name("foreign")
                      .start(
                          () -> {
                            for (Transport t :
                                List.of(c.writer().transport(), memory[0].writer().transport())) {
                              for (Runnable call :
                                  List.<Runnable>of(
                                      () -> t.write("from foreign\n".getBytes()),
                                      t::writeEof,
                                      t::pauseReading,
                                      t::close,
                                      t::abort)) {
                                try {
                                  call.run();
                                  refused.add("not refused");
                                } catch (IllegalStateException e) {
                                  refused.add(e.getMessage().replaceAll("on '[^']*'", "on 'L'"));
                                }
                              }
                            }
                          });
              foreign.join();
              assertThat(refused)
                  .hasSize(10)
                  .allMatch(
                      m -> m.contains("called from thread 'foreign', but the loop runs on 'L'"))
                  .anyMatch(m -> m.startsWith("Transport.write()"))
                  .anyMatch(m -> m.startsWith("Transport.abort()"));
              assertThat(c.writer().isClosing()).isFalse();
              c.writer().write("from the loop\n".getBytes());
              String line = new String(c.reader().readline());
              c.writer().close();
              memory[0].writer().close();
              memory[1].writer().close();
              server.close();
              return line;
            });
    assertThat(echoed).isEqualTo("from the loop\n");
  }
}
