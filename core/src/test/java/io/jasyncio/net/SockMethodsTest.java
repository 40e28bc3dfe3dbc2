package io.jasyncio.net;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sock*} methods asyncio added in 3.11 and its {@code sock_sendfile}, on real localhost
 * sockets and a real file: {@code sockSendfile}, {@code sockRecvfrom}, {@code sockRecvfromInto},
 * {@code sockSendto}; what each returns, where cancellation leaves things, bad arguments.
 */
@Timeout(60)
class SockMethodsTest {
  /** A connected pair of non-blocking channels: [client, server]. */
  private static SocketChannel[] pair() throws Exception {
    try (ServerSocketChannel listener = ServerSocketChannel.open()) {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      listener.configureBlocking(false);
      Task<SocketChannel> accepted = createTask(() -> Net.sockAccept(listener));
      SocketChannel client = SocketChannel.open();
      client.configureBlocking(false);
      Net.sockConnect(client, listener.getLocalAddress());
      return new SocketChannel[] {client, accepted.await()};
    }
  }

  private static byte[] readAll(SocketChannel ch, int n) throws Exception {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    while (got.size() < n) {
      byte[] chunk = Net.sockRecv(ch, 65536);
      if (chunk.length == 0) {
        break;
      }
      got.write(chunk);
    }
    return got.toByteArray();
  }

  private static byte[] file(Path dir, int size) throws Exception {
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    Files.write(dir.resolve("f"), data);
    return data;
  }

  @Test
  void sockSendfileSendsTheRangeAndLeavesThePositionPastIt(@TempDir Path dir) throws Exception {
    byte[] data = file(dir, 3 << 20);
    run(
        () -> {
          SocketChannel[] p = pair();
          try (FileChannel f = FileChannel.open(dir.resolve("f"), StandardOpenOption.READ)) {
            Task<byte[]> reader = createTask(() -> readAll(p[1], 2_000_000));
            assertThat(Net.sockSendfile(p[0], f, 1000, 2_000_000L)).isEqualTo(2_000_000);
            assertThat(f.position()).isEqualTo(2_001_000);
            assertThat(reader.await()).isEqualTo(Arrays.copyOfRange(data, 1000, 2_001_000));

            // no count: to the end of the file
            Task<byte[]> rest = createTask(() -> readAll(p[1], data.length - 3_000_000));
            assertThat(Net.sockSendfile(p[0], f, 3_000_000, null))
                .isEqualTo(data.length - 3_000_000);
            assertThat(rest.await()).isEqualTo(Arrays.copyOfRange(data, 3_000_000, data.length));
            // past the end: nothing to send
            assertThat(Net.sockSendfile(p[0], f, data.length + 10, null)).isZero();

            assertThatThrownBy(() -> Net.sockSendfile(p[0], f, -1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must be a non-negative integer (got -1)");
            assertThatThrownBy(() -> Net.sockSendfile(p[0], f, 0, 0L))
                .hasMessage("count must be a positive integer (got 0)");
            SocketChannel blocking = SocketChannel.open();
            assertThatThrownBy(() -> Net.sockSendfile(blocking, f, 0, null))
                .hasMessageContaining("configureBlocking(false)");
            blocking.close();
          } finally {
            p[0].close();
            p[1].close();
          }
          return null;
        });
  }

  @Test
  void aCancelledSockSendfileLeavesThePositionPastWhatThePeerGets(@TempDir Path dir)
      throws Exception {
    byte[] data = file(dir, 32 << 20); // more than the socket buffers hold
    run(
        () -> {
          SocketChannel[] p = pair();
          try (FileChannel f = FileChannel.open(dir.resolve("f"), StandardOpenOption.READ)) {
            Task<Long> send = createTask(() -> Net.sockSendfile(p[0], f, 5, null));
            sleep(0.05); // nobody reads: it fills the buffers and waits
            assertThat(send.isDone()).isFalse();
            send.cancel();
            assertThatThrownBy(send::await).isInstanceOf(CancelledError.class);
            long sent = f.position() - 5;
            assertThat(sent).isPositive().isLessThan(data.length - 5);
            p[0].close();
            byte[] got = readAll(p[1], Integer.MAX_VALUE);
            assertThat(got.length).isEqualTo(sent);
            assertThat(got).isEqualTo(Arrays.copyOfRange(data, 5, 5 + (int) sent));
          } finally {
            p[0].close();
            p[1].close();
          }
          return null;
        });
  }

  @Test
  void datagramsGoBothWaysWithTheirSenders() throws Exception {
    run(
        () -> {
          try (DatagramChannel a = DatagramChannel.open();
              DatagramChannel b = DatagramChannel.open()) {
            a.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            b.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            Task<Net.Datagram> waiting = createTask(() -> Net.sockRecvfrom(b, 100));
            sleep(0.01);
            assertThat(waiting.isDone()).as("no datagram yet: it waits").isFalse();
            assertThat(Net.sockSendto(a, "ping".getBytes(), b.getLocalAddress())).isEqualTo(4);
            Net.Datagram d = waiting.await();
            assertThat(new String(d.data())).isEqualTo("ping");
            assertThat(d.address()).isEqualTo(a.getLocalAddress());

            // into a buffer: the sender back, the count in the position; a longer datagram is cut
            Net.sockSendto(b, "pong, longer".getBytes(), a.getLocalAddress());
            ByteBuffer buf = ByteBuffer.allocate(16).position(2);
            assertThat(Net.sockRecvfromInto(a, buf.limit(6))).isEqualTo(b.getLocalAddress());
            assertThat(buf.position()).isEqualTo(6);
            assertThat(new String(buf.array(), 2, 4)).isEqualTo("pong");

            assertThatThrownBy(() -> Net.sockRecvfrom(b, -1))
                .hasMessage("n must be non-negative (got -1)");
          }
          return null;
        });
  }

  @Test
  void aCancelledSockRecvfromLosesNoDatagram() throws Exception {
    run(
        () -> {
          try (DatagramChannel a = DatagramChannel.open();
              DatagramChannel b = DatagramChannel.open()) {
            a.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            b.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            Task<Net.Datagram> first = createTask(() -> Net.sockRecvfrom(b, 100));
            sleep(0.01);
            first.cancel();
            assertThatThrownBy(first::await).isInstanceOf(CancelledError.class);
            Net.sockSendto(a, "kept".getBytes(), b.getLocalAddress());
            assertThat(new String(Net.sockRecvfrom(b, 100).data())).isEqualTo("kept");
          }
          return null;
        });
  }

  @Test
  void sendfileOverTcpComesAfterEarlierWritesAndRefusesWritesMeanwhile(@TempDir Path dir)
      throws Exception {
    byte[] data = file(dir, 1 << 20);
    byte[] head = new byte[4 << 20]; // more than the socket takes at once: it is buffered
    Arrays.fill(head, (byte) 'h');
    run(
        () -> {
          int total = head.length + 100_000 + 4;
          io.jasyncio.Future<byte[]> got = io.jasyncio.Asyncio.getRunningLoop().createFuture();
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    got.setResult(r.readexactly(total));
                    w.write("BYE");
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          io.jasyncio.Future<String> bye = io.jasyncio.Asyncio.getRunningLoop().createFuture();
          Transport t =
              Net.createConnection(
                  () ->
                      new Protocol() {
                        @Override
                        public void dataReceived(byte[] d) {
                          bye.setResult(new String(d));
                        }
                      },
                  "127.0.0.1",
                  server.port());
          try (FileChannel f = FileChannel.open(dir.resolve("f"), StandardOpenOption.READ)) {
            t.write(head);
            assertThat(t.getWriteBufferSize()).as("the head is buffered").isPositive();
            Task<Long> send = createTask(() -> Net.sendfile(t, f, 7, 100_000L));
            sleep(0); // it starts, and waits for the buffer to empty
            assertThat(send.isDone()).isFalse();
            assertThatThrownBy(() -> t.write(new byte[1]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sendfile is in progress");
            assertThatThrownBy(() -> Net.sendfile(t, f, 0, null))
                .hasMessageContaining("sendfile is in progress");
            assertThat(send.await()).isEqualTo(100_000);
            assertThat(f.position()).isEqualTo(100_007);
            t.write("TAIL".getBytes());
            byte[] all = got.await();
            assertThat(Arrays.copyOfRange(all, 0, head.length)).isEqualTo(head);
            assertThat(Arrays.copyOfRange(all, head.length, head.length + 100_000))
                .isEqualTo(Arrays.copyOfRange(data, 7, 100_007));
            assertThat(new String(all, head.length + 100_000, 4)).isEqualTo("TAIL");
            assertThat(bye.await()).as("reading resumed after the sendfile").isEqualTo("BYE");
          } finally {
            t.close();
            server.close();
          }
          return null;
        });
  }

  @Test
  void sendfileOverAnInMemoryPairTakesTheFallbackAndPutsTheProtocolBack(@TempDir Path dir)
      throws Exception {
    byte[] data = file(dir, 300_000);
    run(
        () -> {
          Streams.Connection[] c =
              MemoryTransports.streams(MemoryTransports.Link.perfect().withMaxChunk(1000));
          Transport t = c[0].writer().transport();
          t.setWriteBufferLimits(20_000, 5_000); // the fallback waits on it many times
          try (FileChannel f = FileChannel.open(dir.resolve("f"), StandardOpenOption.READ)) {
            Task<byte[]> reader = createTask(() -> c[1].reader().readexactly(data.length - 11));
            assertThat(Net.sendfile(t, f, 11, null)).isEqualTo(data.length - 11);
            assertThat(f.position()).isEqualTo(data.length);
            assertThat(reader.await()).isEqualTo(Arrays.copyOfRange(data, 11, data.length));
            assertThat(t.getProtocol()).isInstanceOf(StreamReaderProtocol.class);
            c[1].writer().write("back");
            assertThat(new String(c[0].reader().readexactly(4)))
                .as("reading resumed, into the stream's own protocol")
                .isEqualTo("back");
            c[0].writer().close();
            assertThatThrownBy(() -> Net.sendfile(t, f, 0, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Transport is closing");
            assertThatThrownBy(() -> Net.sendfile(c[1].writer().transport(), f, -3, null))
                .hasMessage("offset must be a non-negative integer (got -3)");
          }
          return null;
        });
  }

  /** A cancelled sendfile that waits for earlier writes gives the transport back: write works. */
  @Test
  void aCancelledSendfileGivesTheTransportBack(@TempDir Path dir) throws Exception {
    file(dir, 1 << 20); // more than the unread peer's reader takes before it pauses
    run(
        () -> {
          SocketChannel[] p = pair(); // p[1] is never read: the head stays buffered
          Transport t = Net.connectAcceptedSocket(() -> new Protocol() {}, p[0]);
          try (FileChannel f = FileChannel.open(dir.resolve("f"), StandardOpenOption.READ)) {
            t.write(new byte[8 << 20]);
            Task<Long> send = createTask(() -> Net.sendfile(t, f, 0, null));
            sleep(0.01);
            assertThat(send.isDone()).as("it waits for the buffered head").isFalse();
            send.cancel();
            assertThatThrownBy(send::await).isInstanceOf(CancelledError.class);
            assertThat(f.position()).as("nothing of the file was sent").isZero();
            t.write("after".getBytes()); // no "sendfile is in progress" any more
            assertThat(t.isReading()).as("reading resumed").isTrue();

            // the fallback, cancelled while it waits below the high-water mark
            var ends = MemoryTransports.streams(MemoryTransports.Link.perfect().withMaxChunk(10));
            Transport m = ends[0].writer().transport();
            BaseProtocol original = m.getProtocol();
            Task<Long> slow = createTask(() -> Net.sendfile(m, f, 0, null));
            sleep(0.05);
            slow.cancel();
            assertThatThrownBy(slow::await).isInstanceOf(CancelledError.class);
            assertThat(m.getProtocol()).as("the protocol is put back").isSameAs(original);
            assertThat(m.isReading()).isTrue();
          } finally {
            t.abort();
            p[1].close();
          }
          return null;
        });
  }

  @Test
  void badInputAndForeignThreadsAreRefusedByName() throws Exception {
    try (DatagramChannel idle = DatagramChannel.open()) {
      idle.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
      assertThatThrownBy(() -> Net.sockRecvfrom(idle, 10))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no running event loop");
    }
    run(
        () -> {
          try (DatagramChannel d = DatagramChannel.open();
              DatagramChannel blocking = DatagramChannel.open()) {
            d.configureBlocking(false);
            assertThatThrownBy(() -> Net.sockSendto(d, new byte[1], null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("address");
            assertThatThrownBy(() -> Net.sockRecvfrom(blocking, 1))
                .hasMessageContaining("configureBlocking(false)");
          }
          var ends = MemoryTransports.streams();
          Transport m = ends[0].writer().transport();
          SocketChannel[] p = pair();
          Transport t = Net.connectAcceptedSocket(() -> new Protocol() {}, p[0]);
          Path empty = java.nio.file.Files.createTempFile("sendfile", ".bin");
          try (FileChannel f = FileChannel.open(empty, StandardOpenOption.READ)) {
            for (Transport x : java.util.List.of(t, m)) {
              java.util.concurrent.atomic.AtomicReference<Throwable> got =
                  new java.util.concurrent.atomic.AtomicReference<>();
              Thread foreign =
                  Thread.ofPlatform()
                      .start(
                          () -> {
                            try {
                              Net.sendfile(x, f, 0, null);
                            } catch (Throwable e) {
                              got.set(e);
                            }
                          });
              while (foreign.isAlive()) {
                sleep(0.01);
              }
              assertThat(got.get())
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageContaining("loop.callSoonThreadsafe");
              assertThat(x.isReading()).as(x + " untouched").isTrue();
            }
          } finally {
            t.abort();
            p[1].close();
            java.nio.file.Files.delete(empty);
          }
          return null;
        });
  }
}
