package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.net.IncompleteReadError;
import io.jasyncio.net.LimitOverrunError;
import io.jasyncio.net.Net;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import io.jasyncio.subprocess.Subprocess;
import io.jasyncio.sync.Event;
import io.jasyncio.sync.Queue;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Java twins: I/O over real localhost sockets (servers bind 127.0.0.1, port 0; no port number is
 * printed). Streams ({@code open_connection}, {@code start_server}), the {@link Server} lifecycle,
 * and protocols ({@code loop.create_server}, {@code loop.create_connection}). Python's bytes print
 * as {@code b'...'} on both sides ({@link Trace#repr}); RuntimeError and ValueError are Java's
 * IllegalStateException and IllegalArgumentException, printed under the Python name.
 *
 * <p>Only orders that follow from causality are printed: a side prints a step only once the other
 * side's step it depends on was printed (each reply is awaited before the next request, and events
 * order the rest), never two steps that race each other in the kernel or in the loop's iterations.
 */
final class IoScenarios {
  private IoScenarios() {}

  private static final String HOST = "127.0.0.1";

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** Python's ConnectionRefusedError: the cause chain holds a {@link ConnectException}. */
  private static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------- echo

  @Scenario("io_echo")
  static void echo(Trace out) {
    run(
        () -> {
          Event clientClosed = new Event();
          Event handlerDone = new Event();
          Server server =
              Streams.startServer(
                  (reader, writer) -> {
                    while (true) {
                      byte[] line = reader.readline();
                      if (line.length == 0) {
                        break;
                      }
                      out.print("server got", line);
                      writer.write(line);
                      writer.drain();
                      out.print("server echoed", line);
                    }
                    clientClosed.await();
                    out.print("server read eof, at_eof:", reader.atEof());
                    out.print("server closes, is_closing:", writer.isClosing());
                    writer.close();
                    out.print("server closing, is_closing:", writer.isClosing());
                    writer.waitClosed();
                    out.print("server closed");
                    handlerDone.set();
                  },
                  HOST,
                  0);
          out.print("serving:", server.isServing(), "sockets:", server.sockets().size());
          int port = server.port();
          var c = Streams.openConnection(HOST, port);
          out.print("client connected, at_eof:", c.reader().atEof());
          for (String text : List.of("one\n", "two\n", "three\n")) {
            byte[] line = b(text);
            c.writer().write(line);
            c.writer().drain();
            out.print("client sent", line);
            byte[] reply = c.reader().readline();
            out.print("client got", reply);
          }
          c.writer().close();
          out.print("client closing, is_closing:", c.writer().isClosing());
          c.writer().waitClosed();
          out.print("client closed");
          clientClosed.set();
          handlerDone.await();
          server.close();
          out.print(
              "server closed, serving:", server.isServing(), "sockets:", server.sockets().size());
          server.waitClosed();
          out.print("wait_closed returned");
        });
  }

  // ---------------------------------------------------------------------- readuntil, limit

  @Scenario("io_readuntil_limit")
  static void readuntilLimit(Trace out) {
    byte[] data =
        concat(
            b("one;two\r\nthree\n"),
            b("x".repeat(20) + ";"),
            b("y".repeat(30) + "\n"),
            b("next\n"),
            b("z".repeat(20)));
    run(
        () -> {
          Event sent = new Event();
          Server server =
              Streams.startServer(
                  (reader, writer) -> {
                    writer.write(data);
                    writer.drain();
                    out.print("server sent", data.length, "bytes and closes");
                    writer.close();
                    writer.waitClosed();
                    sent.set();
                  },
                  HOST,
                  0,
                  16,
                  Net.ServerOptions.defaults());
          var c = Streams.openConnection(HOST, server.port(), 16);
          StreamReader reader = c.reader();
          sent.await();
          out.print("readuntil ;", reader.readuntil(b(";")));
          out.print("readuntil (\\r\\n, ;)", reader.readuntil(b("\r\n"), b(";")));
          out.print("readuntil (ee, \\n)", reader.readuntil(b("ee"), b("\n")));
          out.print("readline", reader.readline());
          try {
            reader.readuntil(b(";"));
          } catch (LimitOverrunError e) {
            out.print(e.getClass().getSimpleName(), e.getMessage(), "consumed:", e.consumed());
          }
          out.print("readexactly 21", reader.readexactly(21));
          try {
            reader.readline();
          } catch (LimitOverrunError e) { // Python: ValueError(e.args[0])
            out.print("readline overrun:", e.getMessage());
          }
          out.print("readline", reader.readline());
          try {
            reader.readuntil(b("!"));
          } catch (LimitOverrunError e) {
            out.print(e.getClass().getSimpleName(), e.getMessage(), "consumed:", e.consumed());
          }
          try {
            reader.readuntil(b("!"), b("?!"));
          } catch (LimitOverrunError e) {
            out.print(e.getClass().getSimpleName(), e.getMessage(), "consumed:", e.consumed());
          }
          out.print("at_eof", reader.atEof());
          try {
            reader.readexactly(25);
          } catch (IncompleteReadError e) {
            out.print(
                e.getClass().getSimpleName(),
                e,
                "partial:",
                e.partial(),
                "expected:",
                e.expected());
          }
          out.print("at_eof", reader.atEof());
          try {
            reader.readuntil(b(";"));
          } catch (IncompleteReadError e) {
            out.print(
                e.getClass().getSimpleName(),
                e,
                "partial:",
                e.partial(),
                "expected:",
                e.expected());
          }
          out.print("readline", reader.readline());
          out.print("read", reader.read());
          out.print("readexactly 0", reader.readexactly(0));
          try {
            reader.readuntil(new byte[0]);
          } catch (IllegalArgumentException e) {
            out.print("ValueError", e);
          }
          c.writer().close();
          c.writer().waitClosed();
          server.close();
          server.waitClosed();
          out.print("closed");
        });
  }

  // ------------------------------------------------------------------------ eof, half-close

  @Scenario("io_eof_half_close")
  static void eofHalfClose(Trace out) {
    run(
        () -> {
          Event handlerDone = new Event();
          Server server =
              Streams.startServer(
                  (reader, writer) -> {
                    byte[] data = reader.read();
                    out.print("server read", data, "at_eof:", reader.atEof());
                    out.print("server read again", reader.read(), reader.read(10));
                    writer.write(concat(b("reply:"), b(new String(data, UTF_8).toUpperCase())));
                    writer.drain();
                    out.print("server replied and closes");
                    writer.close();
                    writer.waitClosed();
                    handlerDone.set();
                  },
                  HOST,
                  0);
          var c = Streams.openConnection(HOST, server.port());
          out.print("client can_write_eof:", c.writer().canWriteEof());
          c.writer().write(b("hello "));
          c.writer().write(b("world"));
          c.writer().drain();
          c.writer().writeEof();
          out.print(
              "client wrote eof, at_eof:",
              c.reader().atEof(),
              "is_closing:",
              c.writer().isClosing());
          try {
            c.writer().write(b("more"));
          } catch (IllegalStateException e) {
            out.print("write after write_eof: RuntimeError");
          }
          byte[] reply = c.reader().read();
          out.print("client read", reply, "at_eof:", c.reader().atEof());
          out.print("client read again", c.reader().read(), c.reader().readline());
          handlerDone.await();
          out.print("server handler done");
          c.writer().close();
          c.writer().waitClosed();
          out.print("client closed");
          server.close();
          server.waitClosed();
          out.print("server closed");
        });
  }

  // ------------------------------------------------------------------------- server close

  @Scenario("io_server_close")
  static void serverClose(Trace out) {
    run(
        () -> {
          Server server =
              Streams.startServer(
                  (reader, writer) -> {
                    for (byte[] line : reader.lines()) {
                      writer.write(concat(b("echo "), line));
                      writer.drain();
                    }
                    writer.close();
                    writer.waitClosed();
                  },
                  HOST,
                  0);
          int port = server.port();
          var c = Streams.openConnection(HOST, port);
          c.writer().write(b("a\n"));
          out.print("before close:", c.reader().readline());
          server.close();
          out.print("after close: serving", server.isServing(), "sockets", server.sockets().size());
          server.close();
          out.print(
              "closed twice: serving", server.isServing(), "sockets", server.sockets().size());
          try {
            var c2 = Streams.openConnection(HOST, port);
            out.print("new connection: connected");
            c2.writer().close();
          } catch (IOException e) {
            if (refused(e)) {
              out.print("new connection: refused");
            } else {
              out.print("new connection: other", e.getClass().getSimpleName());
            }
          }

          Task<Void> waiting = createTask(() -> server.waitClosed());
          for (int i = 0; i < 20; i++) {
            sleep(0);
          }
          out.print("wait_closed done after 20 iterations:", waiting.isDone());
          c.writer().write(b("b\n"));
          out.print("after close:", c.reader().readline());
          out.print("wait_closed done:", waiting.isDone());
          c.writer().close();
          c.writer().waitClosed();
          out.print("client closed");
          waiting.await();
          out.print("wait_closed returned, done:", waiting.isDone());

          List<String> ran = new ArrayList<>();
          Task<Void> t =
              createTask(
                  () -> {
                    ran.add("other");
                  });
          server.waitClosed();
          out.print("wait_closed again, another task ran meanwhile:", List.copyOf(ran));
          t.await();
          out.print("then:", ran);
        });
  }

  // ----------------------------------------------------------------------------- protocols

  /** The server's protocol of {@code io_protocol}. */
  private static final class ServerProto implements Protocol {
    private final Trace out;
    private final boolean keepOpen;
    private final Queue<ServerProto> made;
    final Future<Void> eof = getRunningLoop().createFuture();
    @Nullable Transport transport;

    ServerProto(Trace out, boolean keepOpen, Queue<ServerProto> made) {
      this.out = out;
      this.keepOpen = keepOpen;
      this.made = made;
    }

    Transport transport() {
      Transport t = transport;
      if (t == null) {
        throw new IllegalStateException("not connected");
      }
      return t;
    }

    @Override
    public void connectionMade(Transport t) {
      transport = t;
      made.putNowait(this);
    }

    @Override
    public void dataReceived(byte[] data) {
      out.print("server: data_received", data);
      if (Arrays.equals(data, b("ping"))) {
        transport().write(b("pong"));
      }
    }

    @Override
    public boolean eofReceived() {
      out.print("server: eof_received ->", keepOpen);
      eof.setResult(null);
      return keepOpen;
    }

    @Override
    public void connectionLost(@Nullable Throwable exc) {
      out.print("server: connection_lost", exc);
    }
  }

  /** The client's protocol of {@code io_protocol}. */
  private static final class ClientProto implements Protocol {
    private final Trace out;
    private final boolean keepOpen;
    @Nullable Transport transport;
    final Queue<byte[]> data = new Queue<>();
    final Future<Void> eof = getRunningLoop().createFuture();
    final Future<Void> lost = getRunningLoop().createFuture();

    ClientProto(Trace out, boolean keepOpen) {
      this.out = out;
      this.keepOpen = keepOpen;
    }

    @Override
    public void connectionMade(Transport t) {
      transport = t;
    }

    @Override
    public void dataReceived(byte[] bytes) {
      out.print("client: data_received", bytes);
      data.putNowait(bytes);
    }

    @Override
    public boolean eofReceived() {
      out.print("client: eof_received ->", keepOpen);
      eof.setResult(null);
      return keepOpen;
    }

    @Override
    public void connectionLost(@Nullable Throwable exc) {
      out.print("client: connection_lost", exc);
      lost.setResult(null);
    }
  }

  @Scenario("io_protocol")
  static void protocol(Trace out) {
    run(
        () -> {
          Queue<ServerProto> made = new Queue<>();
          boolean[] keepOpen = {false};
          Server server = Net.createServer(() -> new ServerProto(out, keepOpen[0], made), HOST, 0);
          int port = server.port();

          out.print("-- connection 1: eof_received returns False");
          ClientProto cp = new ClientProto(out, false);
          Transport tr = Net.createConnection(() -> cp, HOST, port);
          out.print("client: connection_made", cp.transport == tr);
          ServerProto sp = made.get();
          out.print("server: connection_made, is_closing:", sp.transport().isClosing());
          tr.write(b("ping"));
          out.print("client: wrote ping");
          cp.data.get();
          tr.writeEof();
          out.print("client: wrote eof, is_closing:", tr.isClosing());
          cp.lost.await();
          out.print(
              "client is_closing:",
              tr.isClosing(),
              "server is_closing:",
              sp.transport().isClosing());

          out.print("-- connection 2: eof_received returns True");
          keepOpen[0] = true;
          ClientProto cp2 = new ClientProto(out, true);
          Transport tr2 = Net.createConnection(() -> cp2, HOST, port);
          out.print("client: connection_made", cp2.transport == tr2);
          ServerProto sp2 = made.get();
          out.print("server: connection_made, is_closing:", sp2.transport().isClosing());
          tr2.write(b("hi"));
          tr2.writeEof();
          out.print("client: wrote hi and eof");
          sp2.eof.await();
          out.print("server writes after eof, is_closing:", sp2.transport().isClosing());
          sp2.transport().write(b("bye"));
          cp2.data.get();
          out.print("server closes");
          sp2.transport().close();
          cp2.eof.await();
          out.print("client closes, is_closing:", tr2.isClosing());
          tr2.close();
          cp2.lost.await();
          server.close();
          server.waitClosed();
          out.print("server closed");
        });
  }

  // --------------------------------------------------------------------------- cancel read

  /** Feeds a reader from a socket, as StreamReaderProtocol does, and says when bytes arrived. */
  private record Feeder(StreamReader reader, Queue<Integer> arrived) implements Protocol {
    @Override
    public void dataReceived(byte[] data) {
      reader.feedData(data);
      arrived.putNowait(data.length);
    }

    @Override
    public boolean eofReceived() {
      reader.feedEof();
      return true;
    }
  }

  @Scenario("io_cancel_read")
  static void cancelRead(Trace out) {
    run(
        () -> {
          Event go1 = new Event();
          Event go2 = new Event();
          Server server =
              Streams.startServer(
                  (reader, writer) -> {
                    go1.await();
                    writer.write(b("abc"));
                    writer.drain();
                    go2.await();
                    writer.write(b("def"));
                    writer.drain();
                    writer.close();
                    writer.waitClosed();
                  },
                  HOST,
                  0);
          StreamReader reader = new StreamReader();
          Queue<Integer> arrived = new Queue<>();
          Transport tr =
              Net.createConnection(() -> new Feeder(reader, arrived), HOST, server.port());

          Task<byte[]> task =
              createTask(
                  () -> {
                    out.print("reader: readexactly(6)");
                    try {
                      return reader.readexactly(6);
                    } catch (CancelledError e) {
                      out.print("reader: cancelled");
                      throw e;
                    }
                  });
          sleep(0);
          go1.set();
          out.print("arrived:", arrived.get(), "bytes");
          sleep(0);
          out.print("task done:", task.isDone());
          out.print("cancel:", task.cancel());
          try {
            task.await();
          } catch (CancelledError e) {
            out.print("task cancelled:", task.isCancelled());
          }
          out.print("at_eof:", reader.atEof());
          go2.set();
          out.print("readexactly(6):", reader.readexactly(6));
          out.print("read():", reader.read(), "at_eof:", reader.atEof());
          tr.close();
          server.close();
          server.waitClosed();
          out.print("closed");
        });
  }

  // ------------------------------------------------------------------- serve_forever, cancel

  @Scenario("io_serve_forever_cancel")
  static void serveForeverCancel(Trace out) {
    Streams.ClientConnected handle =
        (reader, writer) -> {
          for (byte[] line : reader.lines()) {
            writer.write(line);
            writer.drain();
          }
          writer.close();
          writer.waitClosed();
        };
    run(
        () -> {
          Server server =
              Streams.startServer(
                  handle,
                  HOST,
                  0,
                  StreamReader.DEFAULT_LIMIT,
                  Net.ServerOptions.defaults().withStartServing(false));
          out.print("serving:", server.isServing());
          int port = server.port();
          Task<Void> task = createTask(() -> server.serveForever());
          sleep(0);
          out.print("serve_forever started, serving:", server.isServing());
          var c = Streams.openConnection(HOST, port);
          c.writer().write(b("x\n"));
          out.print("echo", c.reader().readline());
          c.writer().close();
          c.writer().waitClosed();
          out.print("client closed");
          out.print("cancel:", task.cancel());
          try {
            task.await();
          } catch (CancelledError e) {
            out.print("serve_forever: CancelledError, cancelled:", task.isCancelled());
          }
          out.print("serving", server.isServing(), "sockets", server.sockets().size());
          try {
            server.serveForever();
          } catch (IllegalStateException e) {
            out.print("serve_forever on a closed server: RuntimeError");
          }

          Server server2 = Streams.startServer(handle, HOST, 0);
          out.print("server2 serving:", server2.isServing());
          Task<Void> task2 = createTask(() -> server2.serveForever());
          sleep(0);
          out.print("server2 closes");
          server2.close();
          try {
            task2.await();
          } catch (CancelledError e) {
            out.print(
                "serve_forever ended by close: CancelledError, cancelled:", task2.isCancelled());
          }
          out.print("server2 serving:", server2.isServing());
          server2.waitClosed();
          out.print("done");
        });
  }

  // ---------------------------------------------------------------------------- subprocess

  @Scenario("io_subprocess")
  static void subprocess(Trace out) {
    run(
        () -> {
          var pipes = Subprocess.Options.pipes();
          Subprocess p =
              Subprocess.createSubprocessExec(
                  List.of("sh", "-c", "tr a-z A-Z; echo oops >&2; exit 3"), pipes);
          var o = p.communicate(b("hello\n"));
          out.print("communicate:", o.stdout(), o.stderr(), "returncode", p.returncode());

          p =
              Subprocess.createSubprocessExec(
                  List.of("sh", "-c", "for i in 1 2 3; do echo line $i; done"),
                  Subprocess.Options.defaults().withStdout(Subprocess.Stdio.PIPE));
          for (byte[] line : p.stdout().lines()) {
            out.print("read", line);
          }
          out.print("wait:", p.await());

          p =
              Subprocess.createSubprocessExec(
                  List.of("sh", "-c", "echo out; echo err >&2"),
                  Subprocess.Options.defaults()
                      .withStdout(Subprocess.Stdio.PIPE)
                      .withStderr(Subprocess.Stdio.STDOUT));
          var merged = p.communicate(null);
          List<String> words =
              new ArrayList<>(Arrays.asList(new String(merged.stdout(), UTF_8).split("\\s+")));
          words.removeIf(String::isEmpty);
          words.sort(null);
          out.print(
              "merged:",
              words.stream().map(w -> b(w)).toList(),
              "stderr",
              merged.hasStderr() ? merged.stderr() : null);

          p = Subprocess.createSubprocessExec("sleep", "30");
          out.print("returncode before:", p.returncode());
          p.terminate();
          out.print("after terminate:", p.await());

          out.print("gather:", gather(() -> child("slow", "0.2"), () -> child("fast", "0.01")));
          return null;
        });
  }

  private static byte[] child(String text, String delay) throws IOException {
    Subprocess q =
        Subprocess.createSubprocessExec(
            List.of("sh", "-c", "sleep " + delay + "; echo " + text),
            Subprocess.Options.defaults().withStdout(Subprocess.Stdio.PIPE));
    return new String(q.communicate(null).stdout(), UTF_8).strip().getBytes(UTF_8);
  }
}
