package io.jasyncio.bench.echo;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * E3's load: {@code wrk} (HTTP/1.1 keep-alive GETs, one thread, C connections) against a server,
 * after a check of the server's answers. Takes {@link EchoLoad}'s options ({@code --port --conns
 * --size --warmup --seconds --server-pid --ours}; {@code --size} is unused) and prints the same
 * {@code RESULT} line, one round trip being one request and its response, so {@link EchoBench} runs
 * it as it runs {@link EchoLoad}.
 *
 * <p>The check, before any load, on fresh connections: three GETs in turn on one kept-alive
 * connection, two pipelined in one write, a POST with a 5-byte body then a GET, and a {@code
 * Connection: close} GET, which must be answered then closed. Every response must be {@code 200}
 * with a 13-byte body {@code Hello, World!}; header names are compared without case (Netty's codec
 * writes them in lower case). A server that fails it is not measured (exit status 3).
 *
 * <p>{@code --driver wrk} (the default) measures with {@code wrk -t1 -cC -dT}: a warm-up run, then
 * the measured run (whole seconds: wrk takes no fractions). Errors are wrk's socket errors and
 * non-2xx responses. The server's CPU is read from /proc before and after the measured run; the
 * load's CPU is this process's and its reaped {@code wrk}'s. {@code --driver java} instead runs C
 * virtual threads, each sending a GET and reading its response, every byte checked: slower than
 * wrk, for the test suite's smoke run where wrk may be missing.
 */
public final class HttpLoad {
  private HttpLoad() {}

  static final byte[] GET =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) {
    String driver = "wrk";
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--driver") && i + 1 < args.length) {
        driver = args[++i];
      } else {
        rest.add(args[i]);
      }
    }
    EchoLoad.Config c;
    try {
      c = EchoLoad.parse(rest.toArray(String[]::new));
      if (!driver.equals("wrk") && !driver.equals("java")) {
        throw new IllegalArgumentException("--driver: wrk or java, not " + driver);
      }
    } catch (RuntimeException e) {
      System.err.println("HttpLoad: " + e.getMessage());
      System.err.println(
          "usage: HttpLoad --port P --conns C --size S [--warmup SEC] [--seconds SEC]"
              + " [--server-pid PID] [--ours PID,...] [--driver wrk|java]");
      System.exit(2);
      return;
    }
    try {
      int checked = check(c.host(), c.port());
      EchoLoad.Result r = driver.equals("wrk") ? wrk(c, checked) : java(c, checked);
      System.out.println(r.line());
      System.out.flush();
    } catch (IOException | UncheckedIOException e) {
      System.err.println("HttpLoad: " + e.getMessage());
      System.exit(3);
    } catch (InterruptedException e) {
      System.exit(4);
    }
  }

  // --- the check ------------------------------------------------------------------------------

  /** Checks the server's answers (see the class comment); returns how many responses it read. */
  static int check(String host, int port) throws IOException {
    int n = 0;
    try (Socket s = connect(host, port)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < 3; i++) {
        out.write(GET);
        n += expect(in, "GET " + (i + 1) + " of 3 on one connection", false);
      }
      byte[] two = Arrays.copyOf(GET, GET.length * 2);
      System.arraycopy(GET, 0, two, GET.length, GET.length);
      out.write(two);
      n += expect(in, "the first of two pipelined GETs", false);
      n += expect(in, "the second of two pipelined GETs", false);
      out.write(
          "POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"
              .getBytes(StandardCharsets.US_ASCII));
      n += expect(in, "a POST with a 5-byte body", false);
      out.write(GET);
      n += expect(in, "a GET after the POST", false);
    }
    try (Socket s = connect(host, port)) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      s.getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      n += expect(in, "a GET with Connection: close", true);
      if (in.read() != -1) {
        throw new IOException("the server did not close the connection after Connection: close");
      }
    }
    return n;
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket s = new Socket();
    s.setSoTimeout(10_000);
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 10_000);
    return s;
  }

  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 200 OK");

  /** Reads one response and checks it; returns 1. */
  static int expect(InputStream in, String what, boolean close) throws IOException {
    String status = line(in, what);
    if (!STATUS.matcher(status).matches()) {
      throw new IOException(what + ": expected HTTP/1.1 200 OK, got: " + status);
    }
    int length = -1;
    boolean closeSeen = false;
    for (String h = line(in, what); !h.isEmpty(); h = line(in, what)) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        throw new IOException(what + ": malformed header line: " + h);
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      if (name.equals("content-length")) {
        length = Integer.parseInt(value);
      } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
        closeSeen = true;
      }
    }
    if (length != HttpRequests.BODY.length()) {
      throw new IOException(
          what + ": expected Content-Length " + HttpRequests.BODY.length() + ", got " + length);
    }
    String body = new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    if (!body.equals(HttpRequests.BODY)) {
      throw new IOException(what + ": expected the body " + HttpRequests.BODY + ", got " + body);
    }
    if (close && !closeSeen) {
      throw new IOException(what + ": the response has no Connection: close");
    }
    return 1;
  }

  /** A CRLF-terminated line, without its CRLF. */
  private static String line(InputStream in, String what) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException(what + ": the server closed the connection mid-response: " + sb);
      }
      if (b == '\n') {
        int n = sb.length();
        if (n == 0 || sb.charAt(n - 1) != '\r') {
          throw new IOException(what + ": a line not ended by CRLF: " + sb);
        }
        return sb.substring(0, n - 1);
      }
      sb.append((char) b);
    }
  }

  // --- wrk ------------------------------------------------------------------------------------

  /** What one wrk run printed. */
  record Wrk(long requests, double seconds, long socketErrors, long non2xx) {
    private static final Pattern REQUESTS =
        Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m),");
    private static final Pattern SOCKET =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /** Reads wrk's report; null if it has no "N requests in T" line. */
    static @Nullable Wrk parse(String out) {
      Matcher m = REQUESTS.matcher(out);
      if (!m.find()) {
        return null;
      }
      double t = Double.parseDouble(m.group(2));
      double seconds =
          switch (m.group(3)) {
            case "us" -> t / 1e6;
            case "ms" -> t / 1e3;
            case "m" -> t * 60;
            default -> t;
          };
      long socket = 0;
      Matcher s = SOCKET.matcher(out);
      if (s.find()) {
        for (int g = 1; g <= 4; g++) {
          socket += Long.parseLong(s.group(g));
        }
      }
      Matcher x = NON2XX.matcher(out);
      long non2xx = x.find() ? Long.parseLong(x.group(1)) : 0;
      return new Wrk(Long.parseLong(m.group(1)), seconds, socket, non2xx);
    }
  }

  private static EchoLoad.Result wrk(EchoLoad.Config c, int checked)
      throws IOException, InterruptedException {
    String url = "http://" + c.host() + ":" + c.port() + "/";
    long warm = (long) Math.ceil(c.warmupSeconds());
    long total = 0;
    if (warm > 0) {
      total += runWrk(c, url, warm).requests();
    }
    long secs = Math.max(1, Math.round(c.seconds()));
    long self = ProcessHandle.current().pid();
    List<Long> ours = new ArrayList<>(c.ourPids());
    EchoLoad.Cpu a = EchoLoad.Cpu.read(c.serverPid(), ours);
    long load0 = EchoLoad.Cpu.ticks(self, true);
    Wrk w = runWrk(c, url, secs);
    EchoLoad.Cpu b = EchoLoad.Cpu.read(c.serverPid(), ours);
    long load1 = EchoLoad.Cpu.ticks(self, true);
    double wall = (b.nanos() - a.nanos()) / 1e9;
    double loadCpu = load0 < 0 || load1 < 0 ? Double.NaN : (load1 - load0) / EchoLoad.Cpu.HZ / wall;
    return new EchoLoad.Result(
        w.requests(),
        w.seconds(),
        total + w.requests(),
        checked,
        w.socketErrors() + w.non2xx(),
        b.cores(a, EchoLoad.Cpu::server),
        loadCpu,
        b.cores(a, EchoLoad.Cpu::others),
        0,
        0);
  }

  private static Wrk runWrk(EchoLoad.Config c, String url, long seconds)
      throws IOException, InterruptedException {
    List<String> cmd =
        List.of("wrk", "-t1", "-c" + c.conns(), "-d" + seconds + "s", "--timeout", "5s", url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[4096];
      for (int n; (n = r.read(buf)) > 0; ) {
        sb.append(buf, 0, n);
      }
      out = sb.toString();
    }
    if (!p.waitFor(seconds + 30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("wrk did not finish: " + String.join(" ", cmd));
    }
    Wrk w = Wrk.parse(out);
    if (p.exitValue() != 0 || w == null) {
      throw new IOException("wrk failed (exit " + p.exitValue() + "): " + out.strip());
    }
    System.err.print(out);
    return w;
  }

  // --- the Java driver ------------------------------------------------------------------------

  private static EchoLoad.Result java(EchoLoad.Config c, int checked)
      throws IOException, InterruptedException {
    AtomicLong counted = new AtomicLong();
    AtomicLong all = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Socket> sockets = new ArrayList<>();
    long start = System.nanoTime();
    long warmEnd = start + (long) (c.warmupSeconds() * 1e9);
    long end = warmEnd + (long) (c.seconds() * 1e9);
    List<IOException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < c.conns(); i++) {
      Socket s = connect(c.host(), c.port());
      sockets.add(s);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      InputStream in = new BufferedInputStream(s.getInputStream());
                      OutputStream out = s.getOutputStream();
                      for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                        out.write(GET);
                        expect(in, "a GET under load", false);
                        all.incrementAndGet();
                        if (now >= warmEnd) {
                          counted.incrementAndGet();
                        }
                      }
                    } catch (IOException e) {
                      failures.add(e);
                    }
                  }));
    }
    Thread.sleep(Math.max(0, (warmEnd - System.nanoTime()) / 1_000_000));
    EchoLoad.Cpu a = EchoLoad.Cpu.read(c.serverPid(), c.ourPids());
    for (Thread t : threads) {
      t.join();
    }
    EchoLoad.Cpu b = EchoLoad.Cpu.read(c.serverPid(), c.ourPids());
    for (Socket s : sockets) {
      s.close();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    return new EchoLoad.Result(
        counted.get(),
        seconds,
        all.get(),
        all.get() + checked,
        0,
        b.cores(a, EchoLoad.Cpu::server),
        b.cores(a, EchoLoad.Cpu::self),
        b.cores(a, EchoLoad.Cpu::others),
        0,
        0);
  }
}
