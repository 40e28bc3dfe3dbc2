package io.jasyncio.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.bench.echo.EchoBench.Outcome;
import io.jasyncio.bench.echo.EchoBench.Sample;
import io.jasyncio.bench.echo.EchoBench.Server;
import io.jasyncio.net.Net;
import io.jasyncio.net.Streams;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * E3's harness at smoke size, so that it cannot rot: every Java server (and asyncio's where there
 * is a python3) passes HttpLoad's check and answers every request of a short run of its Java
 * driver, byte for byte (wrk need not be installed). No timing is asserted. Then the parts that
 * decide a result: the check refuses a wrong server, wrk's report is read right, and jasyncio's
 * protocol-style parser answers requests split and joined at any byte.
 */
class HttpBenchSmokeTest {
  @Test
  void everyServerAnswersEveryRequest(@TempDir Path out) throws Exception {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertThat(repo.resolve("bench/src/main/python/http_server.py")).exists();
    List<String> servers =
        new ArrayList<>(
            List.of(
                EchoBench.STREAMS_CONT,
                EchoBench.PROTOCOL_CONT,
                "jasyncio-streams-virtual-threads",
                "jasyncio-protocol-virtual-threads",
                "netty",
                "vthreads"));
    if (Servers.defaultPython().isPresent()) {
      servers.add("asyncio-streams");
    }
    Path md = out.resolve("E3.md");
    Outcome o =
        EchoBench.run(
            new String[] {
              "--http",
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
      assertThat(samples).as(s).hasSize(1);
      EchoLoad.Result r = samples.get(0).result();
      assertThat(r.roundTrips()).as(s + ": requests measured").isPositive();
      assertThat(r.errors()).as(s + ": errors").isZero();
      assertThat(r.verified()).as(s + ": responses checked").isGreaterThan(r.total());
    }
    String text = Files.readString(md);
    assertThat(text).contains("## E3 HTTP/1.1 keep-alive").contains("| server us/req |");
    assertThat(text).contains("HttpLoad's Java driver");
    assertThat(out.resolve("E3.png")).as("the chart").isNotEmptyFile();
    List<String> csv = Files.readAllLines(out.resolve("E3.csv"));
    for (String s : servers) {
      assertThat(csv)
          .anyMatch(l -> l.startsWith("E3,http 3 conns," + s + ",13,1,round_trips_per_s,"));
    }
  }

  @Test
  void theCheckRefusesAServerThatKeepsAConnectionItWasAskedToClose() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> answerAll(ss, HttpRequests.RESPONSE));
      assertThatThrownBy(() -> HttpLoad.check("127.0.0.1", ss.getLocalPort()))
          .hasMessageContaining("a GET with Connection: close")
          .hasMessageContaining("no Connection: close");
    }
  }

  @Test
  void theCheckRefusesAWrongBody() throws Exception {
    byte[] wrong =
        "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, world!"
            .getBytes(StandardCharsets.US_ASCII);
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> answerAll(ss, wrong));
      assertThatThrownBy(() -> HttpLoad.check("127.0.0.1", ss.getLocalPort()))
          .hasMessageContaining("GET 1 of 3")
          .hasMessageContaining("Hello, world!");
    }
  }

  @Test
  void wrksReportIsReadWithItsErrors() {
    String report =
        """
        Running 5s test @ http://127.0.0.1:8080/
          1 threads and 100 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.02ms  250.10us   8.20ms   90.00%
            Req/Sec    95.12k     3.01k  101.00k    72.00%
          473511 requests in 5.00s, 35.22MB read
          Socket errors: connect 0, read 3, write 1, timeout 2
          Non-2xx or 3xx responses: 7
        Requests/sec:  94700.89
        Transfer/sec:      7.04MB
        """;
    assertThat(HttpLoad.Wrk.parse(report)).isEqualTo(new HttpLoad.Wrk(473511, 5.0, 6, 7));
    assertThat(HttpLoad.Wrk.parse("  12 requests in 850.00ms, 1KB read").seconds()).isEqualTo(0.85);
    assertThat(HttpLoad.Wrk.parse("unable to connect to 127.0.0.1:1 Connection refused")).isNull();
  }

  /**
   * Requests split at every byte and joined in one write (two pipelined, a body between): each gets
   * its response, in order, from both jasyncio styles.
   */
  @ParameterizedTest
  @ValueSource(strings = {"streams", "protocol"})
  void jasyncioAnswersRequestsSplitAndJoinedAtAnyByte(String style) throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread loop =
        Thread.ofPlatform()
            .start(
                () ->
                    Asyncio.run(
                        () -> {
                          io.jasyncio.net.Server s =
                              style.equals("streams")
                                  ? Streams.startServer(JasyncioHttp::serve, "127.0.0.1", 0)
                                  : Net.createServer(
                                      JasyncioHttp.HttpProtocol::new, "127.0.0.1", 0);
                          port.complete(s.port());
                          while (!stop.get()) {
                            Asyncio.sleep(0.01);
                          }
                          s.close();
                        }));
    try (Socket c = new Socket("127.0.0.1", port.get(10, TimeUnit.SECONDS))) {
      c.setTcpNoDelay(true);
      c.setSoTimeout(10_000);
      InputStream in = new BufferedInputStream(c.getInputStream());
      OutputStream o = c.getOutputStream();
      byte[] req =
          ("GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                  + "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody"
                  + "GET / HTTP/1.1\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < req.length; i++) {
        o.write(req[i]);
        o.flush();
        if (i % 7 == 0) {
          Thread.sleep(1); // let some bytes arrive alone
        }
      }
      for (int i = 0; i < 3; i++) {
        HttpLoad.expect(in, style + ": response " + (i + 1) + " of 3", false);
      }
      o.write(req);
      o.write(req);
      for (int i = 0; i < 6; i++) {
        HttpLoad.expect(in, style + ": joined response " + (i + 1) + " of 6", false);
      }
      o.write("GET / HTTP/9\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] bad = in.readAllBytes(); // answered, then closed
      assertThat(new String(bad, StandardCharsets.US_ASCII))
          .isEqualTo(new String(HttpRequests.BAD_REQUEST, StandardCharsets.US_ASCII));
    } finally {
      stop.set(true);
      loop.join(10_000);
    }
  }

  /** Answers each request head with {@code response}, and never closes a connection. */
  private static void answerAll(ServerSocket ss, byte[] response) {
    try {
      while (true) {
        Socket s = ss.accept();
        Thread.ofVirtual()
            .start(
                () -> {
                  try (s) {
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    int run = 0;
                    for (int b; (b = in.read()) >= 0; ) {
                      run = (b == '\r' || b == '\n') ? run + 1 : 0;
                      if (run == 4) {
                        out.write(response);
                        run = 0;
                      }
                    }
                  } catch (IOException e) {
                    // the client went away
                  }
                });
      }
    } catch (IOException e) {
      // closed: the test is over
    }
  }
}
