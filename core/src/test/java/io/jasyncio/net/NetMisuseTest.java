package io.jasyncio.net;

import static io.jasyncio.Asyncio.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.EventLoop;
import io.jasyncio.subprocess.Subprocess;
import java.nio.channels.Pipe;
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
}
