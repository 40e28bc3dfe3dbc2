package io.jasyncio.net;

import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Connecting: Unix sockets, Happy Eyeballs, the sock* methods, names. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnectTest {
  @Test
  void unixServerAndConnectionRemoveTheirSocketFile(@TempDir Path dir) {
    Path path = dir.resolve("s.sock");
    run(
        () -> {
          Server server =
              Streams.startUnixServer(
                  (r, w) -> {
                    w.write(r.readline());
                    w.close();
                  },
                  path);
          assertThat(Files.exists(path)).isTrue();
          assertThatThrownBy(server::port).hasMessageContaining("has no port");
          var c = Streams.openUnixConnection(path);
          c.writer().write("over unix\n");
          assertThat(new String(c.reader().readline(), UTF_8)).isEqualTo("over unix\n");
          assertThat(c.writer().getExtraInfo("peername")).isNotNull();
          c.writer().close();
          server.close();
          server.waitClosed();
          assertThat(Files.exists(path)).as("cleaned up at close").isFalse();
          return null;
        });
  }

  @Test
  void aUnixServerRefusesToReplaceAFileThatIsNotASocket(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("not-a-socket");
    Files.writeString(path, "data");
    run(
        () -> {
          assertThatThrownBy(() -> Net.createUnixServer(() -> new Protocol() {}, path))
              .isInstanceOf(java.net.BindException.class)
              .hasMessageContaining("not a socket");
          return null;
        });
    assertThat(Files.readString(path)).isEqualTo("data");
  }

  @Test
  void interleaveAlternatesFamilies() throws Exception {
    InetSocketAddress a1 = new InetSocketAddress(InetAddress.getByName("::1"), 1);
    InetSocketAddress a2 = new InetSocketAddress(InetAddress.getByName("::2"), 1);
    InetSocketAddress b1 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1);
    InetSocketAddress b2 = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 1);
    assertThat(HappyEyeballs.interleave(List.of(a1, a2, b1, b2), 1))
        .containsExactly(a1, b1, a2, b2);
    assertThat(HappyEyeballs.interleave(List.of(a1, a2, b1, b2), 2))
        .containsExactly(a1, a2, b1, b2);
    assertThat(HappyEyeballs.interleave(List.of(b1, b2), 1)).containsExactly(b1, b2);
  }

  @Test
  void happyEyeballsStartsTheNextAttemptAfterTheDelayAndTheFirstConnectionWins() throws Exception {
    // A listener that never accepts, its queue full: a connect to it hangs (its SYN is dropped).
    ServerSocketChannel full = ServerSocketChannel.open();
    full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
    List<SocketChannel> fillers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SocketChannel f = SocketChannel.open();
      f.configureBlocking(false);
      f.connect(full.getLocalAddress());
      fillers.add(f);
    }
    try {
      String reply =
          runVirtualTime(
              () -> {
                Server good = Streams.startServer((r, w) -> w.write("good\n"), "127.0.0.1", 0);
                var hanging = (InetSocketAddress) full.getLocalAddress();
                var goodAddress = new InetSocketAddress("127.0.0.1", good.port());
                double t0 = getRunningLoop().time();
                SocketChannel ch =
                    HappyEyeballs.race(getRunningLoop(), List.of(hanging, goodAddress), 0.25);
                double took = getRunningLoop().time() - t0;
                assertThat(ch.getRemoteAddress()).isEqualTo(goodAddress);
                assertThat(took).as("the second attempt started after the delay").isEqualTo(0.25);
                Transport t = Net.connectAcceptedSocket(() -> new Protocol() {}, ch);
                t.close();
                good.close();
                good.closeClients();
                return "ok";
              });
      assertThat(reply).isEqualTo("ok");
    } finally {
      for (SocketChannel f : fillers) {
        f.close();
      }
      full.close();
    }
  }

  @Test
  void whenEveryAttemptFailsTheErrorNamesEachAddress() {
    run(
        () -> {
          int p1 = freePort();
          int p2 = freePort();
          var a = new InetSocketAddress("127.0.0.1", p1);
          var b = new InetSocketAddress("127.0.0.1", p2);
          assertThatThrownBy(() -> HappyEyeballs.race(getRunningLoop(), List.of(a, b), 0.01))
              .isInstanceOf(IOException.class)
              .satisfies(
                  e -> {
                    List<String> all = new ArrayList<>();
                    all.add(e.getMessage());
                    for (Throwable s : e.getSuppressed()) {
                      all.add(s.getMessage());
                    }
                    assertThat(String.join(" | ", all))
                        .contains("127.0.0.1:" + p1)
                        .contains("127.0.0.1:" + p2);
                  });
          return null;
        });
  }

  @Test
  void createConnectionWithHappyEyeballsOverLocalhost() {
    run(
        () -> {
          Server server = Streams.startServer((r, w) -> w.write("hi\n"), "127.0.0.1", 0);
          List<String> got = new ArrayList<>();
          Transport t =
              Net.createConnection(
                  () ->
                      new Protocol() {
                        @Override
                        public void dataReceived(byte[] data) {
                          got.add(new String(data, UTF_8));
                        }
                      },
                  "127.0.0.1",
                  server.port(),
                  Net.ConnectOptions.defaults().withHappyEyeballsDelay(0.25));
          while (got.isEmpty()) {
            sleep(0.001);
          }
          assertThat(got).containsExactly("hi\n");
          t.close();
          server.close();
          server.closeClients();
          assertThatThrownBy(() -> Net.ConnectOptions.defaults().withHappyEyeballsDelay(-1))
              .hasMessageContaining("happyEyeballsDelay");
          return null;
        });
  }

  @Test
  void sockMethodsOnRawChannels() {
    run(
        () -> {
          ServerSocketChannel listener = ServerSocketChannel.open();
          listener.bind(new InetSocketAddress("127.0.0.1", 0));
          listener.configureBlocking(false);
          var acceptTask = io.jasyncio.Asyncio.createTask(() -> Net.sockAccept(listener));
          SocketChannel client = SocketChannel.open();
          client.configureBlocking(false);
          Net.sockConnect(client, listener.getLocalAddress());
          SocketChannel server = acceptTask.await();
          byte[] big = new byte[1 << 20];
          big[big.length - 1] = 7;
          var send = io.jasyncio.Asyncio.createTask(() -> Net.sockSendall(client, big));
          int total = 0;
          byte last = 0;
          while (total < big.length) {
            byte[] chunk = Net.sockRecv(server, 65536);
            total += chunk.length;
            last = chunk[chunk.length - 1];
          }
          send.await();
          assertThat(total).isEqualTo(big.length);
          assertThat(last).isEqualTo((byte) 7);
          client.close();
          assertThat(Net.sockRecv(server, 10)).as("end of input").isEmpty();
          SocketChannel blocking = SocketChannel.open();
          assertThatThrownBy(() -> Net.sockRecv(blocking, 1))
              .hasMessageContaining("configureBlocking(false)");
          blocking.close();
          server.close();
          listener.close();
          return null;
        });
  }

  @Test
  void getaddrinfoParsesLiteralsAndResolvesNames() {
    run(
        () -> {
          assertThat(Net.getaddrinfo("127.0.0.1", 80))
              .containsExactly(new InetSocketAddress("127.0.0.1", 80));
          assertThat(Net.getaddrinfo("localhost", 80)).isNotEmpty();
          assertThatThrownBy(() -> Net.getaddrinfo("localhost", 70000))
              .hasMessageContaining("0..65535");
          assertThatThrownBy(() -> Net.getaddrinfo("no-such-host.invalid", 80))
              .isInstanceOf(java.net.UnknownHostException.class);
          return null;
        });
  }

  private static int freePort() throws IOException {
    try (ServerSocketChannel s = ServerSocketChannel.open()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return ((InetSocketAddress) s.getLocalAddress()).getPort();
    }
  }
}
