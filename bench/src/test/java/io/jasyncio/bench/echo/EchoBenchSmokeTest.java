package io.jasyncio.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.bench.echo.EchoBench.Outcome;
import io.jasyncio.bench.echo.EchoBench.Sample;
import io.jasyncio.bench.echo.EchoBench.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * E1's harness at smoke size, so that it cannot rot: every Java server, and asyncio's where there
 * is a python3, runs one tiny case in its own pinned process, and every byte of every round trip
 * must come back as sent. No timing is asserted, and the machine's load is not checked (smoke
 * mode).
 */
class EchoBenchSmokeTest {
  @Test
  void everyServerEchoesEveryByteItIsSent(@TempDir Path out) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertThat(repo.resolve("bench/src/main/python/echo_server.py")).exists();
    List<String> servers =
        new ArrayList<>(
            List.of(
                EchoBench.STREAMS_CONT,
                EchoBench.PROTOCOL_CONT,
                "jasyncio-streams-virtual-threads",
                "jasyncio-protocol-virtual-threads",
                "jasyncio-sock-continuations",
                "jasyncio-sock-virtual-threads",
                "netty",
                "vthreads"));
    if (Servers.defaultPython().isPresent()) {
      servers.addAll(List.of("asyncio-streams", "asyncio-protocol"));
    }
    Path md = out.resolve("E1.md");
    Outcome o =
        EchoBench.run(
            new String[] {
              "--smoke",
              "--repo",
              repo.toString(),
              "--out",
              md.toString(),
              "--servers",
              String.join(",", servers)
            });

    assertThat(o.failures()).isEmpty();
    assertThat(o.servers()).extracting(Server::name).containsExactlyElementsOf(servers);
    for (String s : servers) {
      List<Sample> samples = o.samples().stream().filter(x -> x.server().equals(s)).toList();
      assertThat(samples).as(s).hasSize(o.cases().size());
      for (Sample x : samples) {
        EchoLoad.Result r = x.result();
        assertThat(r.roundTrips()).as(s + ": round trips measured").isPositive();
        assertThat(r.errors()).as(s + ": round trips with a wrong byte").isZero();
        assertThat(r.verified()).as(s + ": round trips checked byte for byte").isEqualTo(r.total());
      }
    }
    String text = Files.readString(md);
    assertThat(text).contains("## E1 echo").contains("| case | server |").contains("### Machine");
    assertThat(text).contains("`E1.csv`");
    assertThat(out.resolve("E1.png")).as("the chart").isNotEmptyFile();
    List<String> csv = Files.readAllLines(out.resolve("E1.csv"));
    assertThat(csv.get(0)).isEqualTo(io.jasyncio.bench.Csv.HEADER);
    for (String s : servers) {
      assertThat(csv)
          .anyMatch(l -> l.startsWith("E1,echo 3 conns," + s + ",102400,1,round_trips_per_s,"));
    }
    for (String s : servers) {
      assertThat(text).contains("| " + s + " |");
    }
  }

  @Test
  void theLoadGeneratorCountsEveryWrongByte() throws Exception {
    // Each connection gets one wrong byte back, in its second message: two errors in all.
    int size = 4096;
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> acceptAll(ss, size + 100));
      EchoLoad.Result r =
          EchoLoad.run(
              new EchoLoad.Config(
                  "127.0.0.1", ss.getLocalPort(), 2, size, 0, 0.3, true, -1, List.of()));
      assertThat(r.errors()).isEqualTo(2);
      assertThat(r.total()).isGreaterThan(4);
      assertThat(r.verified()).isEqualTo(r.total());
    }
  }

  @Test
  void aSampledCheckLooksAtBothEnds() {
    ByteBuffer[] m = EchoLoad.messages(1024);
    assertThat(m[0].mismatch(m[1])).isZero(); // the messages differ from their first byte on
    ByteBuffer copy = ByteBuffer.allocate(1024).put(m[3].duplicate()).flip();
    assertThat(EchoLoad.sampleMismatch(m[3], copy, 1024)).isEqualTo(-1);
    copy.put(1020, (byte) (copy.get(1020) ^ 1));
    assertThat(EchoLoad.sampleMismatch(m[3], copy, 1024)).isEqualTo(1020);
    copy.put(5, (byte) (copy.get(5) ^ 1));
    assertThat(EchoLoad.sampleMismatch(m[3], copy, 1024)).isEqualTo(5);
  }

  /** Echoes every connection, with the byte at offset {@code flip} of each stream changed. */
  private static void acceptAll(ServerSocket ss, long flip) {
    try {
      while (true) {
        Socket s = ss.accept();
        Thread.ofVirtual().start(() -> corruptingEcho(s, flip));
      }
    } catch (IOException e) {
      // closed: the test is over
    }
  }

  private static void corruptingEcho(Socket s, long flip) {
    try (s;
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[8192];
      long at = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        if (flip >= at && flip < at + n) {
          buf[(int) (flip - at)] ^= 1;
        }
        at += n;
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // the load generator went away
    }
  }
}
