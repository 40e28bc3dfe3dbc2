package io.jasyncio.net;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.getRunningLoop;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS over real sockets, with a certificate made by keytool when the tests start. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsTest {
  private static final char[] PASS = "changeit".toCharArray();
  static SSLContext serverCtx;
  static SSLContext clientCtx;

  @BeforeAll
  static void makeCertificate(@TempDir Path dir) throws Exception {
    Path store = dir.resolve("server.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor()).as("keytool: " + out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASS);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS);
    serverCtx = SSLContext.getInstance("TLS");
    serverCtx.init(kmf.getKeyManagers(), null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", ks.getCertificate("server"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientCtx = SSLContext.getInstance("TLS");
    clientCtx.init(null, tmf.getTrustManagers(), null);
  }

  private static Net.ServerOptions tlsServer() {
    return Net.ServerOptions.defaults().withSsl(serverCtx);
  }

  private static Net.ConnectOptions tlsClient(String name) {
    return Net.ConnectOptions.defaults().withSsl(clientCtx, name);
  }

  private static String s(byte[] b) {
    return new String(b, UTF_8);
  }

  @Test
  void sendfileOverTlsTakesTheFallback(@TempDir Path dir) throws Exception {
    byte[] data = new byte[200_000];
    new java.util.Random(7).nextBytes(data);
    Path file = dir.resolve("f");
    Files.write(file, data);
    byte[] got =
        run(
            () -> {
              io.jasyncio.Future<byte[]> received = getRunningLoop().createFuture();
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        received.setResult(r.readexactly(150_000));
                        w.close();
                      },
                      "127.0.0.1",
                      0,
                      StreamReader.DEFAULT_LIMIT,
                      tlsServer());
              var c =
                  Streams.openConnection(
                      "localhost", server.port(), StreamReader.DEFAULT_LIMIT, tlsClient(null));
              try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(file)) {
                assertThat(Net.sendfile(c.writer().transport(), f, 50_000, 150_000L))
                    .isEqualTo(150_000);
                assertThat(f.position()).isEqualTo(200_000);
              }
              byte[] b = received.await();
              c.writer().close();
              server.close();
              return b;
            });
    assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(data, 50_000, 200_000));
  }

  @Test
  void echoOverTlsAndCloseNotifyBothWays() {
    List<String> trace =
        run(
            () -> {
              List<String> t = new ArrayList<>();
              Server server =
                  Streams.startServer(
                      (r, w) -> {
                        for (byte[] line : r.lines()) {
                          w.write(line);
                          w.drain();
                        }
                        t.add("server read EOF (the client's close_notify)");
                        w.close();
                        w.waitClosed();
                        t.add("server closed");
                      },
                      "127.0.0.1",
                      0,
                      StreamReader.DEFAULT_LIMIT,
                      tlsServer());
              var c =
                  Streams.openConnection(
                      "localhost", server.port(), StreamReader.DEFAULT_LIMIT, tlsClient(null));
              SSLSession session = (SSLSession) c.writer().getExtraInfo("sslSession");
              t.add("protocol " + session.getProtocol());
              assertThat(c.writer().getExtraInfo("peercert")).isNotNull();
              assertThat(c.writer().canWriteEof()).isFalse();
              assertThatThrownBy(c.writer()::writeEof)
                  .isInstanceOf(UnsupportedOperationException.class);
              c.writer().write("secret one\nsecret two\n");
              t.add("client got " + s(c.reader().readline()).strip());
              t.add("client got " + s(c.reader().readline()).strip());
              c.writer().close();
              c.writer().waitClosed();
              t.add("client closed");
              server.close();
              server.waitClosed();
              t.add("server gone");
              return t;
            });
    assertThat(trace.subList(0, 4))
        .containsExactly(
            "protocol TLSv1.3",
            "client got secret one",
            "client got secret two",
            "server read EOF (the client's close_notify)");
    // each side's close completes when it has the other's close_notify: either may be first
    assertThat(trace.subList(4, 6)).containsExactlyInAnyOrder("client closed", "server closed");
    assertThat(trace.get(6)).isEqualTo("server gone");
  }

  @Test
  void theServerClosingFirstSendsCloseNotifyAndTheClientSeesEof() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    w.write("bye\n");
                    w.close();
                  },
                  "127.0.0.1",
                  0,
                  StreamReader.DEFAULT_LIMIT,
                  tlsServer());
          var c =
              Streams.openConnection(
                  "127.0.0.1", server.port(), StreamReader.DEFAULT_LIMIT, tlsClient(null));
          assertThat(s(c.reader().read())).isEqualTo("bye\n");
          assertThat(c.reader().atEof()).isTrue();
          c.writer().waitClosed(); // our side answered the close_notify and closed
          server.close();
          server.waitClosed();
          return null;
        });
  }

  @Test
  void aLargeTransferBothWays() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    byte[] all = r.readexactly(3 << 20);
                    w.write(all);
                    w.drain();
                    w.close();
                  },
                  "127.0.0.1",
                  0,
                  StreamReader.DEFAULT_LIMIT,
                  tlsServer());
          var c =
              Streams.openConnection(
                  "127.0.0.1", server.port(), StreamReader.DEFAULT_LIMIT, tlsClient(null));
          byte[] data = new byte[3 << 20];
          for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
          }
          c.writer().write(data);
          c.writer().drain();
          byte[] back = c.reader().readexactly(data.length);
          assertThat(back).isEqualTo(data);
          c.writer().close();
          server.close();
          server.waitClosed();
          return null;
        });
  }

  @Test
  void aWrongHostnameOrAnUntrustedCertificateFailsTheHandshake() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> r.read(), "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, tlsServer());
          assertThatThrownBy(
                  () ->
                      Streams.openConnection(
                          "127.0.0.1",
                          server.port(),
                          StreamReader.DEFAULT_LIMIT,
                          tlsClient("wrong.example")))
              .isInstanceOf(SSLHandshakeException.class);
          SSLContext trustsNothingOfOurs = SSLContext.getInstance("TLS");
          trustsNothingOfOurs.init(null, null, null);
          assertThatThrownBy(
                  () ->
                      Streams.openConnection(
                          "127.0.0.1",
                          server.port(),
                          StreamReader.DEFAULT_LIMIT,
                          Net.ConnectOptions.defaults().withSsl(trustsNothingOfOurs, null)))
              .isInstanceOf(SSLHandshakeException.class);
          server.close();
          server.closeClients();
          return null;
        });
  }

  @Test
  void aHandshakeWithASilentPeerTimesOut() {
    runVirtualTime(
        () -> {
          // a plain TCP server that never answers the ClientHello
          Server silent = Net.createServer(() -> new Protocol() {}, "127.0.0.1", 0);
          assertThatThrownBy(
                  () ->
                      Streams.openConnection(
                          "127.0.0.1",
                          silent.port(),
                          StreamReader.DEFAULT_LIMIT,
                          tlsClient(null).withSslTimeouts(5, 5)))
              .isInstanceOf(TimeoutException.class)
              .hasMessageContaining("SSL handshake is taking longer than 5.0 seconds");
          silent.close();
          silent.abortClients();
          assertThatThrownBy(() -> tlsClient(null).withSslTimeouts(0, 1))
              .hasMessageContaining("sslHandshakeTimeout");
          return null;
        });
  }

  /**
   * A peer on another thread that takes 200 ms of real time to answer the ClientHello: on virtual
   * time, the handshake holds the clock (softly), so the loop does not jump to the 5-s handshake
   * deadline after its 1-ms look for ready I/O.
   */
  @Test
  void onVirtualTimeAHandshakeWithASlowRealPeerIsNotTimedOutByAJump() throws Exception {
    try (javax.net.ssl.SSLServerSocket listener =
        (javax.net.ssl.SSLServerSocket)
            serverCtx
                .getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread peer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listener.accept()) {
                      Thread.sleep(200); // real work the client's loop cannot see
                      s.startHandshake();
                      byte[] line =
                          new java.io.BufferedReader(
                                  new java.io.InputStreamReader(s.getInputStream(), UTF_8))
                              .readLine()
                              .getBytes(UTF_8);
                      s.getOutputStream()
                          .write(("re: " + new String(line, UTF_8) + "\n").getBytes(UTF_8));
                    } catch (Exception e) {
                      // the client timed out and went away: the assertion below says so
                    }
                  });
      String reply =
          runVirtualTime(
              () -> {
                var c =
                    Streams.openConnection(
                        "localhost",
                        listener.getLocalPort(),
                        StreamReader.DEFAULT_LIMIT,
                        tlsClient(null).withSslTimeouts(5, 5));
                c.writer().write("hello\n");
                String r = s(c.reader().readline());
                assertThat(getRunningLoop().time()).as("virtual seconds").isLessThan(5);
                c.writer().close();
                return r;
              });
      peer.join(10_000);
      assertThat(reply).isEqualTo("re: hello\n");
    }
  }

  @Test
  void startTlsUpgradesAPlainConnection() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> {
                    assertThat(s(r.readline())).isEqualTo("STARTTLS\n");
                    w.write("GO\n");
                    w.drain();
                    w.startTls(serverCtx, null);
                    w.write(("secure " + s(r.readline())).getBytes(UTF_8));
                    w.close();
                  },
                  "127.0.0.1",
                  0);
          var c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().write("STARTTLS\n");
          assertThat(s(c.reader().readline())).isEqualTo("GO\n");
          c.writer().startTls(clientCtx, "localhost");
          assertThat(c.writer().getExtraInfo("sslSession")).isNotNull();
          c.writer().write("hello\n");
          assertThat(s(c.reader().readline())).isEqualTo("secure hello\n");
          c.writer().close();
          server.close();
          server.waitClosed();
          return null;
        });
  }

  @Test
  void protocolsOverTls() {
    List<String> events =
        run(
            () -> {
              List<String> ev = new ArrayList<>();
              Server server =
                  Net.createServer(
                      () ->
                          new Protocol() {
                            Transport t;

                            @Override
                            public void connectionMade(Transport transport) {
                              t = transport;
                            }

                            @Override
                            public void dataReceived(byte[] data) {
                              t.write(data);
                            }
                          },
                      "127.0.0.1",
                      0,
                      tlsServer());
              var done = new io.jasyncio.sync.Event();
              Transport t =
                  Net.createConnection(
                      () ->
                          new Protocol() {
                            @Override
                            public void connectionMade(Transport transport) {
                              ev.add("made");
                            }

                            @Override
                            public void dataReceived(byte[] data) {
                              ev.add("data " + s(data));
                            }

                            @Override
                            public void connectionLost(Throwable exc) {
                              ev.add("lost " + exc);
                              done.set();
                            }
                          },
                      "127.0.0.1",
                      server.port(),
                      tlsClient("localhost"));
              t.write("ping".getBytes(UTF_8));
              while (ev.size() < 2) {
                sleep(0.001);
              }
              t.close();
              done.await();
              server.close();
              server.closeClients();
              return ev;
            });
    assertThat(events).containsExactly("made", "data ping", "lost null");
  }

  @Test
  void cancellingAHandshakeLeavesNoConnection() {
    run(
        () -> {
          Server silent = Net.createServer(() -> new Protocol() {}, "127.0.0.1", 0);
          var attempt =
              createTask(
                  () ->
                      Streams.openConnection(
                          "127.0.0.1", silent.port(), StreamReader.DEFAULT_LIMIT, tlsClient(null)));
          sleep(0.05);
          attempt.cancel();
          assertThatThrownBy(attempt::await).isInstanceOf(io.jasyncio.CancelledError.class);
          sleep(0.05);
          silent.close();
          silent.waitClosed(); // the server's side saw the client's channel close
          return null;
        });
  }

  /** A JDK TLS server on a platform thread, doing {@code behaviour} with each accepted socket. */
  private static javax.net.ssl.SSLServerSocket jdkPeer(
      java.util.function.Consumer<javax.net.ssl.SSLSocket> behaviour) throws Exception {
    var ss =
        (javax.net.ssl.SSLServerSocket)
            serverCtx
                .getServerSocketFactory()
                .createServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (var sock = (javax.net.ssl.SSLSocket) ss.accept()) {
                sock.startHandshake();
                behaviour.accept(sock);
              } catch (IOException e) {
                // the test decides what the peer does; its end is the test's business
              }
            });
    return ss;
  }

  @Test
  void p08APeerThatNeverAnswersCloseNotifyIsCutOffByTheShutdownTimeout() throws Exception {
    var peer =
        jdkPeer(
            sock -> {
              try {
                Thread.sleep(10_000); // never reads: never answers our close_notify
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      // real time: the peer's handshake is real work on another thread
      double took =
          run(
              () -> {
                var c =
                    Streams.openConnection(
                        "127.0.0.1",
                        peer.getLocalPort(),
                        StreamReader.DEFAULT_LIMIT,
                        tlsClient("localhost").withSslTimeouts(60, 0.5));
                double t0 = io.jasyncio.Asyncio.getRunningLoop().time();
                c.writer().close();
                assertThatThrownBy(c.writer()::waitClosed)
                    .isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("SSL shutdown timed out");
                return io.jasyncio.Asyncio.getRunningLoop().time() - t0;
              });
      assertThat(took).as("not before the shutdown timeout").isGreaterThanOrEqualTo(0.5);
    } finally {
      peer.close();
    }
  }

  @Test
  void p09AbortClosesTheSocketAtOnce() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> r.read(), "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, tlsServer());
          var c =
              Streams.openConnection(
                  "127.0.0.1", server.port(), StreamReader.DEFAULT_LIMIT, tlsClient("localhost"));
          var raw = (java.nio.channels.SocketChannel) c.writer().getExtraInfo("socket");
          c.writer().transport().abort();
          sleep(0);
          assertThat(raw.isOpen()).isFalse();
          server.close();
          server.waitClosed();
          return null;
        });
  }

  @Test
  void p10DataAfterOurCloseNotifyIsDiscardedAndTheCloseCompletes() throws Exception {
    var peer =
        jdkPeer(
            sock -> {
              try {
                var in = sock.getInputStream();
                while (in.read() != -1) {} // until our close_notify
                sock.getOutputStream().write("late data".getBytes(UTF_8)); // after it: discarded
                sock.getOutputStream().flush();
              } catch (IOException e) {
                // the client may be gone already
              }
            });
    try {
      run(
          () -> {
            var c =
                Streams.openConnection(
                    "127.0.0.1",
                    peer.getLocalPort(),
                    StreamReader.DEFAULT_LIMIT,
                    tlsClient("localhost"));
            c.writer().close();
            io.jasyncio.Asyncio.waitFor(c.writer()::waitClosed, 10);
            return null;
          });
    } finally {
      peer.close();
    }
  }

  @Test
  void p11APeerClosingMidHandshakeFailsTheConnectPromptly() {
    run(
        () -> {
          Server hangUp =
              Net.createServer(
                  () ->
                      new Protocol() {
                        Transport t;

                        @Override
                        public void connectionMade(Transport transport) {
                          t = transport;
                        }

                        @Override
                        public void dataReceived(byte[] data) {
                          t.close(); // read the ClientHello, then hang up
                        }
                      },
                  "127.0.0.1",
                  0);
          assertThatThrownBy(
                  () ->
                      io.jasyncio.Asyncio.waitFor(
                          () ->
                              Streams.openConnection(
                                  "127.0.0.1",
                                  hangUp.port(),
                                  StreamReader.DEFAULT_LIMIT,
                                  tlsClient("localhost")),
                          10))
              .isInstanceOf(IOException.class);
          hangUp.close();
          return null;
        });
  }

  @Test
  void p04DrainOnAClosingTlsTransportNeverHangs() {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (r, w) -> w.close(), "127.0.0.1", 0, StreamReader.DEFAULT_LIMIT, tlsServer());
          var c =
              Streams.openConnection(
                  "127.0.0.1", server.port(), StreamReader.DEFAULT_LIMIT, tlsClient("localhost"));
          c.writer().write("x");
          c.writer().close();
          try {
            io.jasyncio.Asyncio.waitFor(c.writer()::drain, 10); // returns or raises
          } catch (Exception e) {
            assertThat(e).as("a lost connection, not a timeout").isInstanceOf(IOException.class);
          }
          server.close();
          server.waitClosed();
          return null;
        });
  }
}
