package io.jasyncio.net;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Future;
import io.jasyncio.net.MemoryTransports.Link;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP endpoints over real sockets, and the in-memory transports with their faults. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramAndMemoryTest {
  private static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  @Test
  void udpEchoBetweenABoundAndAConnectedEndpoint() {
    List<String> trace =
        run(
            () -> {
              List<String> t = new ArrayList<>();
              DatagramTransport server =
                  Net.createDatagramEndpoint(
                      () ->
                          new DatagramProtocol() {
                            DatagramTransport tr;

                            @Override
                            public void connectionMade(DatagramTransport transport) {
                              tr = transport;
                            }

                            @Override
                            public void datagramReceived(byte[] data, SocketAddress addr) {
                              t.add("server got " + s(data));
                              tr.sendto(("echo " + s(data)).getBytes(UTF_8), addr);
                            }
                          },
                      new InetSocketAddress("127.0.0.1", 0),
                      null,
                      false);
              var serverAddr = (InetSocketAddress) server.getExtraInfo("sockname");
              Future<String> reply = io.jasyncio.Asyncio.getRunningLoop().createFuture();
              DatagramTransport client =
                  Net.createDatagramEndpoint(
                      () ->
                          new DatagramProtocol() {
                            @Override
                            public void datagramReceived(byte[] data, SocketAddress addr) {
                              reply.setResult(s(data));
                            }
                          },
                      null,
                      serverAddr,
                      false);
              client.sendto("ping".getBytes(UTF_8));
              t.add("client got " + reply.await());
              assertThatThrownBy(
                      () -> client.sendto(new byte[1], new InetSocketAddress("127.0.0.1", 9)))
                  .hasMessageContaining("Invalid address");
              assertThatThrownBy(() -> server.sendto(new byte[1]))
                  .hasMessageContaining("no remote address");
              client.close();
              server.close();
              sleep(0);
              return t;
            });
    assertThat(trace).containsExactly("server got ping", "client got echo ping");
  }

  @Test
  void aConnectedEndpointHearsThatNobodyListens() {
    run(
        () -> {
          var probe =
              Net.createDatagramEndpoint(
                  () -> new DatagramProtocol() {},
                  new InetSocketAddress("127.0.0.1", 0),
                  null,
                  false);
          var deadAddr = (InetSocketAddress) probe.getExtraInfo("sockname");
          probe.close();
          sleep(0.01);
          Future<Exception> error = io.jasyncio.Asyncio.getRunningLoop().createFuture();
          DatagramTransport client =
              Net.createDatagramEndpoint(
                  () ->
                      new DatagramProtocol() {
                        @Override
                        public void errorReceived(Exception exc) {
                          if (!error.isDone()) {
                            error.setResult(exc);
                          }
                        }
                      },
                  null,
                  deadAddr,
                  false);
          client.sendto("anyone?".getBytes(UTF_8));
          client.sendto("anyone?".getBytes(UTF_8));
          assertThat(io.jasyncio.Asyncio.waitFor(error::await, 5))
              .isInstanceOf(java.net.PortUnreachableException.class);
          assertThat(client.isClosing()).as("the endpoint stays open").isFalse();
          client.close();
          assertThatThrownBy(
                  () ->
                      Net.createDatagramEndpoint(
                          () -> new DatagramProtocol() {}, null, null, false))
              .hasMessageContaining("give a local address");
          return null;
        });
  }

  @Test
  void memoryStreamsAreExactOnVirtualTime() {
    List<String> trace =
        runVirtualTime(
            () -> {
              List<String> t = new ArrayList<>();
              var ends = MemoryTransports.streams();
              var server =
                  createTask(
                      () -> {
                        for (byte[] line : ends[1].reader().lines()) {
                          t.add("server " + s(line).strip());
                          ends[1].writer().write(line);
                          sleep(1);
                        }
                        ends[1].writer().close();
                      });
              ends[0].writer().write("a\nb\n");
              ends[0].writer().writeEof();
              t.add("client " + s(ends[0].reader().read()).replace("\n", "|"));
              server.await();
              t.add("at " + io.jasyncio.Asyncio.getRunningLoop().time());
              return t;
            });
    assertThat(trace).containsExactly("server a", "server b", "client a|b|", "at 2.0");
  }

  @Test
  void aLinkDeliversInPiecesResetsAndEndsEarly() {
    run(
        () -> {
          var ends = MemoryTransports.streams(Link.perfect().withMaxChunk(3));
          ends[0].writer().write("abcdefgh");
          assertThat(s(ends[1].reader().read(100))).as("one piece per delivery").isEqualTo("abc");
          assertThat(s(ends[1].reader().readexactly(5))).isEqualTo("defgh");

          var reset = MemoryTransports.streams(Link.perfect().withResetAfter(4));
          reset[0].writer().write("123456");
          assertThat(s(reset[1].reader().readexactly(4))).isEqualTo("1234");
          assertThatThrownBy(() -> reset[1].reader().read(1)).isInstanceOf(SocketException.class);
          assertThatThrownBy(() -> reset[0].writer().drain()).isInstanceOf(SocketException.class);

          var cut = MemoryTransports.streams(Link.perfect().withEofAfter(2));
          cut[0].writer().write("xyz");
          var e =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  IncompleteReadError.class, () -> cut[1].reader().readexactly(3));
          assertThat(s(e.partial())).isEqualTo("xy");
          assertThatThrownBy(() -> new Link(0, -1, -1)).hasMessageContaining("maxChunk");
          return null;
        });
  }

  @Test
  void memoryTransportsHaveWriteFlowControl() {
    run(
        () -> {
          List<String> events = new ArrayList<>();
          Transport[] t =
              MemoryTransports.pair(
                  new Protocol() {
                    @Override
                    public void pauseWriting() {
                      events.add("pause");
                    }

                    @Override
                    public void resumeWriting() {
                      events.add("resume");
                    }
                  },
                  new Protocol() {},
                  Link.perfect().withMaxChunk(1024));
          sleep(0);
          t[0].setWriteBufferLimits(4096, 1024);
          t[0].write(new byte[8192]);
          assertThat(events).containsExactly("pause");
          while (t[0].getWriteBufferSize() > 0) {
            sleep(0);
          }
          assertThat(events).containsExactly("pause", "resume");
          t[0].close();
          t[1].close();
          return null;
        });
  }

  /** A BufferedProtocol with a tiny buffer: it collects what arrives, and notes the EOF. */
  private static final class Collector implements BufferedProtocol {
    final java.nio.ByteBuffer small = java.nio.ByteBuffer.allocate(4);
    final StringBuilder got = new StringBuilder();
    final List<String> events = new ArrayList<>();

    @Override
    public java.nio.ByteBuffer getBuffer(int sizeHint) {
      small.clear();
      return small;
    }

    @Override
    public void bufferUpdated(int nbytes) {
      got.append(new String(small.array(), 0, nbytes, UTF_8));
    }

    @Override
    public boolean eofReceived() {
      events.add("eof");
      return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
      events.add("lost " + exc);
    }
  }

  @Test
  void aBufferedProtocolReadsIntoItsOwnBufferOverSocketsAndInMemory() {
    run(
        () -> {
          Collector c = new Collector();
          Server server = Net.createServer(() -> c, "127.0.0.1", 0);
          var conn = Streams.openConnection("127.0.0.1", server.port());
          conn.writer().write("hello buffered world");
          conn.writer().writeEof();
          while (!c.events.contains("lost null")) {
            sleep(0.001);
          }
          assertThat(c.got.toString()).isEqualTo("hello buffered world");
          assertThat(c.events).containsExactly("eof", "lost null");
          conn.writer().close();
          server.close();

          Collector m = new Collector();
          Transport[] t = MemoryTransports.pair(new Protocol() {}, m, Link.perfect());
          sleep(0);
          t[0].write("in memory".getBytes(UTF_8));
          t[0].close();
          while (!m.events.contains("lost null")) {
            sleep(0);
          }
          assertThat(m.got.toString()).isEqualTo("in memory");
          return null;
        });
  }

  @Test
  void underExploredSchedulesACancelledReadOverPiecewiseDeliveryLosesNoBytes() {
    for (long seed = 0; seed < 60; seed++) {
      int cancelAfter = (int) (seed % 6);
      io.jasyncio.EventLoop loop =
          new io.jasyncio.EventLoop(io.jasyncio.Engine.defaultEngine(), true);
      loop.exploreSchedules(seed);
      String got =
          loop.runUntilComplete(
              loop.createTask(
                  () -> {
                    var ends = MemoryTransports.streams(Link.perfect().withMaxChunk(2));
                    var writer =
                        createTask(
                            () -> {
                              for (String part : List.of("ab", "cdef", "gh")) {
                                ends[0].writer().write(part);
                                sleep(0);
                              }
                            });
                    var first = createTask(() -> ends[1].reader().readexactly(8));
                    for (int i = 0; i < cancelAfter; i++) {
                      sleep(0);
                    }
                    first.cancel();
                    String result;
                    try {
                      result = s(first.await()); // it finished before the cancel landed
                    } catch (io.jasyncio.CancelledError e) {
                      result = s(ends[1].reader().readexactly(8)); // nothing was taken out
                    }
                    writer.await();
                    return result;
                  }));
      loop.close();
      assertThat(got).as("seed " + seed).isEqualTo("abcdefgh");
    }
  }

  /**
   * A lockstep pair buffers nothing between the ends: bytes move only into a read that waits, the
   * sender's buffer holds them until then, and its drain() returns once the peer has taken in the
   * last byte. A perfect link, for contrast, hands everything to the peer's reader at once.
   */
  @Test
  void aLockstepPairMovesBytesOnlyIntoAWaitingRead() {
    List<String> trace =
        runVirtualTime(
            () -> {
              List<String> t = new ArrayList<>();
              var ends = MemoryTransports.streams(Link.perfect().withMaxChunk(2).withLockstep());
              Transport out = ends[0].writer().transport();
              var writer =
                  createTask(
                      () -> {
                        ends[0].writer().write("abcde");
                        t.add("written, buffered " + out.getWriteBufferSize());
                        ends[0].writer().drain();
                        t.add("drained");
                      });
              for (int i = 0; i < 5; i++) {
                sleep(0);
              }
              t.add("nobody read: buffered " + out.getWriteBufferSize());
              t.add("read " + s(ends[1].reader().readexactly(3)));
              t.add("buffered " + out.getWriteBufferSize());
              t.add("read " + s(ends[1].reader().readexactly(2)));
              writer.await();

              var loose = MemoryTransports.streams(Link.perfect());
              loose[0].writer().write("xyz");
              sleep(0);
              t.add("perfect link: buffered " + loose[0].writer().transport().getWriteBufferSize());
              return t;
            });
    assertThat(trace)
        .containsExactly(
            "written, buffered 5",
            "nobody read: buffered 5",
            "read abc",
            "buffered 1",
            "drained",
            "read de",
            "perfect link: buffered 0");
  }
}
