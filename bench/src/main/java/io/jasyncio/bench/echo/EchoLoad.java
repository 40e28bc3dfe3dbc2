package io.jasyncio.bench.echo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * E1's load generator: {@code C} connections to one echo server; on each, send a message of {@code
 * S} bytes, read back exactly {@code S} bytes, check them, send the next. First for a warm-up, then
 * for the measured time; only round trips completed in the measured time count.
 *
 * <p>Usage: {@code EchoLoad --port P --conns C --size S [--host 127.0.0.1] [--warmup SEC]
 * [--seconds SEC] [--verify-all] [--server-pid PID] [--ours PID,...]}. Prints one line, {@code
 * RESULT roundtrips=N seconds=T total=N verified=N errors=N servercpu=X loadcpu=X othercpu=X
 * minconn=N maxconn=N} (see {@link Result}); exits 3, with the reason on stderr, when a connection
 * fails, the server closes one, or no round trip completes for {@value #STALL_SECONDS} s.
 *
 * <p>What a round trip checks: every byte during the warm-up, and with {@code --verify-all} also in
 * the measured time; otherwise, in the measured time, the first and last {@value #SAMPLE} bytes (a
 * wrong message, from another connection or an earlier round trip, differs there too: every message
 * is random and a connection's consecutive messages differ). A wrong byte counts an error; the
 * first one is described on stderr.
 */
/*
 * Implementation notes. One thread and one selector drive every connection: on a single core
 * (the benchmark pins this process to CPU 1) that costs fewer context switches than a thread per
 * connection, and one epoll_wait hands over many ready connections at once. A message is written
 * at once when it starts, and OP_WRITE is asked for only while a write is partial; reading goes on
 * while writing, so that a 100 KiB message cannot deadlock against a server that echoes as it
 * reads. Messages come from a pool of direct buffers written straight from, so sending copies
 * nothing. CPU use is read from /proc (clock ticks of 1/100 s) at the edges of the measured time.
 */
public final class EchoLoad {
  private EchoLoad() {}

  /** How many distinct messages the connections send, in turn. */
  static final int MESSAGES = 8;

  /** Bytes checked at each end of a message when not every byte is. */
  static final int SAMPLE = 64;

  /** No round trip completed in this many seconds: the server is stuck, give up. */
  static final int STALL_SECONDS = 10;

  /**
   * One run's settings.
   *
   * @param serverPid the server's process, whose CPU use is reported; -1 if unknown
   * @param ourPids other processes of the benchmark, left out of {@code othercpu}
   */
  public record Config(
      String host,
      int port,
      int conns,
      int size,
      double warmupSeconds,
      double seconds,
      boolean verifyAll,
      long serverPid,
      List<Long> ourPids) {
    public Config {
      if (conns < 1 || size < 1 || seconds <= 0 || warmupSeconds < 0) {
        throw new IllegalArgumentException(
            "need conns >= 1, size >= 1, seconds > 0 and warmup >= 0");
      }
      ourPids = List.copyOf(ourPids);
    }
  }

  /**
   * What one run measured.
   *
   * @param roundTrips round trips completed in the measured time, all connections together
   * @param seconds the measured time
   * @param total round trips completed in the whole run, warm-up included
   * @param verified round trips of {@code total} whose every byte was checked
   * @param errors round trips that came back with a wrong byte
   * @param serverCpu the server process's CPU use in the measured time, in cores (1.0 = one core
   *     busy all the time); NaN if unknown
   * @param loadCpu this process's CPU use, likewise
   * @param otherCpu every other process's (but the kernel's threads and {@code ourPids}): the
   *     machine's noise
   * @param minPerConnection the fewest round trips one connection completed in the measured time
   * @param maxPerConnection the most
   */
  public record Result(
      long roundTrips,
      double seconds,
      long total,
      long verified,
      long errors,
      double serverCpu,
      double loadCpu,
      double otherCpu,
      long minPerConnection,
      long maxPerConnection) {
    private static final Pattern PAIR = Pattern.compile("([a-z]+)=(\\S+)");

    public double roundTripsPerSecond() {
      return roundTrips / seconds;
    }

    /** The line {@link EchoLoad#main} prints. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT roundtrips=%d seconds=%.6f total=%d verified=%d errors=%d servercpu=%.4f"
              + " loadcpu=%.4f othercpu=%.4f minconn=%d maxconn=%d",
          roundTrips,
          seconds,
          total,
          verified,
          errors,
          serverCpu,
          loadCpu,
          otherCpu,
          minPerConnection,
          maxPerConnection);
    }

    /** Reads what {@link #line()} wrote; null if {@code output} has no RESULT line. */
    public static @Nullable Result parse(String output) {
      for (String l : output.split("\n", -1)) {
        if (!l.startsWith("RESULT ")) {
          continue;
        }
        Map<String, String> m = new HashMap<>();
        Matcher k = PAIR.matcher(l);
        while (k.find()) {
          m.put(k.group(1), k.group(2));
        }
        try {
          return new Result(
              Long.parseLong(get(m, "roundtrips")),
              Double.parseDouble(get(m, "seconds")),
              Long.parseLong(get(m, "total")),
              Long.parseLong(get(m, "verified")),
              Long.parseLong(get(m, "errors")),
              Double.parseDouble(get(m, "servercpu")),
              Double.parseDouble(get(m, "loadcpu")),
              Double.parseDouble(get(m, "othercpu")),
              Long.parseLong(get(m, "minconn")),
              Long.parseLong(get(m, "maxconn")));
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
      return null;
    }

    private static String get(Map<String, String> m, String key) {
      String v = m.get(key);
      if (v == null) {
        throw new IllegalArgumentException("no " + key);
      }
      return v;
    }
  }

  public static void main(String[] args) {
    Config c;
    try {
      c = parse(args);
    } catch (RuntimeException e) {
      System.err.println("EchoLoad: " + e.getMessage());
      System.err.println(
          "usage: EchoLoad --port P --conns C --size S [--host H] [--warmup SEC] [--seconds SEC]"
              + " [--verify-all] [--server-pid PID] [--ours PID,...]");
      System.exit(2);
      return;
    }
    try {
      System.out.println(run(c).line());
      System.out.flush();
    } catch (IOException | UncheckedIOException e) {
      System.err.println("EchoLoad: " + e.getMessage());
      System.exit(3);
    }
  }

  static Config parse(String[] args) {
    String host = "127.0.0.1";
    int port = -1;
    int conns = -1;
    int size = -1;
    double warmup = 1;
    double seconds = 3;
    boolean verifyAll = false;
    long serverPid = -1;
    List<Long> ours = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--verify-all")) {
        verifyAll = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--conns" -> conns = Integer.parseInt(v);
        case "--size" -> size = Integer.parseInt(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--seconds" -> seconds = Double.parseDouble(v);
        case "--server-pid" -> serverPid = Long.parseLong(v);
        case "--ours" -> {
          for (String p : v.split(",", -1)) {
            if (!p.isBlank()) {
              ours.add(Long.parseLong(p.trim()));
            }
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (port < 0 || conns < 0 || size < 0) {
      throw new IllegalArgumentException("--port, --conns and --size are required");
    }
    return new Config(host, port, conns, size, warmup, seconds, verifyAll, serverPid, ours);
  }

  /** Runs the load against a listening server and returns what it measured. */
  public static Result run(Config c) throws IOException {
    return new Driver(c).drive();
  }

  /** The run's state; one thread only. */
  private static final class Driver {
    final Config c;
    final ByteBuffer[] messages;
    final List<Conn> conns = new ArrayList<>();
    boolean measuring;
    long total;
    long verified;
    long errors;
    long lastProgress;

    Driver(Config c) {
      this.c = c;
      this.messages = messages(c.size());
    }

    Result drive() throws IOException {
      InetSocketAddress to = new InetSocketAddress(c.host(), c.port());
      try (Selector sel = Selector.open()) {
        try {
          for (int i = 0; i < c.conns(); i++) {
            SocketChannel ch = SocketChannel.open();
            conns.add(new Conn(this, i, ch)); // before connect: closed below even if it fails
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(to);
            ch.configureBlocking(false);
          }
          for (Conn x : conns) {
            x.key = x.ch.register(sel, SelectionKey.OP_READ, x);
            x.interest = SelectionKey.OP_READ;
          }
          return loop(sel);
        } finally {
          for (Conn x : conns) {
            x.ch.close();
          }
        }
      }
    }

    private Result loop(Selector sel) throws IOException {
      long start = System.nanoTime();
      lastProgress = start;
      for (Conn x : conns) {
        x.next();
      }
      long warmEnd = start + (long) (c.warmupSeconds() * 1e9);
      long measureEnd = Long.MAX_VALUE;
      long t0 = 0;
      long totalAt0 = 0;
      Cpu cpu0 = Cpu.NONE;
      try {
        while (true) {
          sel.select(Driver::ready, 50);
          long now = System.nanoTime();
          if (!measuring && now >= warmEnd) {
            cpu0 = Cpu.read(c.serverPid(), c.ourPids());
            for (Conn x : conns) {
              x.doneAt0 = x.done;
            }
            totalAt0 = total;
            t0 = System.nanoTime();
            measureEnd = t0 + (long) (c.seconds() * 1e9);
            measuring = true;
          } else if (measuring && now >= measureEnd) {
            long rt = total - totalAt0;
            double seconds = (System.nanoTime() - t0) / 1e9;
            Cpu cpu1 = Cpu.read(c.serverPid(), c.ourPids());
            long min = Long.MAX_VALUE;
            long max = 0;
            for (Conn x : conns) {
              min = Math.min(min, x.done - x.doneAt0);
              max = Math.max(max, x.done - x.doneAt0);
            }
            return new Result(
                rt,
                seconds,
                total,
                verified,
                errors,
                cpu1.cores(cpu0, Cpu::server),
                cpu1.cores(cpu0, Cpu::self),
                cpu1.cores(cpu0, Cpu::others),
                min,
                max);
          }
          if (now - lastProgress > STALL_SECONDS * 1_000_000_000L) {
            throw new IOException(
                "no round trip completed in "
                    + STALL_SECONDS
                    + " s ("
                    + total
                    + " before): the server is stuck");
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    private static void ready(SelectionKey key) {
      Conn x = (Conn) key.attachment();
      try {
        if (key.isWritable()) {
          x.write();
        }
        if (key.isReadable()) {
          x.read();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "connection " + x.index + " after " + x.done + " round trips: " + e.getMessage(), e);
      }
    }

    /** Called by a connection when a whole message came back, in {@code in} (flipped). */
    void check(Conn x, ByteBuffer sent, ByteBuffer in) {
      total++;
      lastProgress = System.nanoTime();
      long bad;
      if (!measuring || c.verifyAll() || c.size() < 4 * SAMPLE) {
        verified++;
        bad = sent.mismatch(in);
      } else {
        bad = sampleMismatch(sent, in, c.size());
      }
      if (bad >= 0) {
        if (errors == 0) {
          System.err.printf(
              Locale.ROOT,
              "EchoLoad: connection %d, round trip %d: byte %d of %d came back as %d, sent %d%n",
              x.index,
              x.done,
              bad,
              c.size(),
              bad < in.limit() ? in.get((int) bad) : -1,
              sent.get((int) bad));
        }
        errors++;
      }
    }
  }

  /** The index of the first differing byte among the first and last {@link #SAMPLE}, or -1. */
  static int sampleMismatch(ByteBuffer sent, ByteBuffer in, int size) {
    for (int i = 0; i < SAMPLE; i += Long.BYTES) {
      if (sent.getLong(i) != in.getLong(i)) {
        return firstDiff(sent, in, i);
      }
      int j = size - SAMPLE + i;
      if (sent.getLong(j) != in.getLong(j)) {
        return firstDiff(sent, in, j);
      }
    }
    return -1;
  }

  private static int firstDiff(ByteBuffer a, ByteBuffer b, int from) {
    int i = from;
    while (a.get(i) == b.get(i)) {
      i++;
    }
    return i;
  }

  /** {@link #MESSAGES} random messages of {@code size} bytes, the same in every run. */
  static ByteBuffer[] messages(int size) {
    ByteBuffer[] m = new ByteBuffer[MESSAGES];
    for (int k = 0; k < MESSAGES; k++) {
      SplittableRandom r = new SplittableRandom(0xE1L * 1000 + k);
      byte[] b = new byte[size];
      for (int i = 0; i < size; i++) {
        b[i] = (byte) r.nextInt(256);
      }
      m[k] = ByteBuffer.allocateDirect(size).put(b).flip();
    }
    return m;
  }

  /**
   * The CPU that every process but this one and {@code ours} (and the kernel's threads) uses over
   * the next {@code seconds}, in cores; NaN where /proc cannot be read.
   */
  public static double otherCpu(double seconds, List<Long> ours) throws InterruptedException {
    Cpu a = Cpu.read(-1, ours);
    Thread.sleep((long) (seconds * 1000));
    return Cpu.read(-1, ours).cores(a, Cpu::others);
  }

  /**
   * A reading of the CPU that every process but this one and {@code ours} (and the kernel's
   * threads) has used so far; two readings give the cores used in between ({@link #coresSince}). A
   * child of this process that starts and ends between them does not count (its time goes to this
   * process once it is reaped): a bench that takes a mark before and after a worker measures
   * everything but itself and the worker.
   */
  public record CpuMark(long nanos, long ticks) {
    public static CpuMark now(List<Long> ours) {
      Cpu c = Cpu.read(-1, ours);
      return new CpuMark(c.nanos(), c.others());
    }

    /** The cores the other processes used from {@code before} to this reading; NaN if unknown. */
    public double coresSince(CpuMark before) {
      return new Cpu(nanos, -1, -1, ticks)
          .cores(new Cpu(before.nanos, -1, -1, before.ticks), Cpu::others);
    }
  }

  /**
   * One connection: at most one message in flight.
   *
   * <p>States: SENDING ({@code out} has bytes left; interest READ|WRITE) -> ECHOING (all written,
   * waiting for the rest of the echo; interest READ) -> (all {@code size} bytes back) checked,
   * counted, the next message starts in SENDING, or in ECHOING if it was written whole at once.
   * Reading goes on in both states.
   */
  private static final class Conn {
    final Driver d;
    final int index;
    final SocketChannel ch;
    final ByteBuffer in;
    @Nullable SelectionKey key;
    int interest;
    ByteBuffer sent;
    ByteBuffer out;
    long done;
    long doneAt0;

    Conn(Driver d, int index, SocketChannel ch) {
      this.d = d;
      this.index = index;
      this.ch = ch;
      this.in = ByteBuffer.allocateDirect(d.c.size());
      this.sent = d.messages[0];
      this.out = sent;
    }

    /** Starts the next message: a different one from the last, and from the neighbours'. */
    void next() throws IOException {
      sent = d.messages[(int) ((index + done) % MESSAGES)];
      out = sent.duplicate();
      write();
    }

    void write() throws IOException {
      ch.write(out);
      interest(
          out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    void read() throws IOException {
      int n = ch.read(in);
      if (n < 0) {
        throw new IOException(
            "the server closed the connection ("
                + in.position()
                + " of "
                + in.capacity()
                + " bytes echoed)");
      }
      if (!in.hasRemaining()) {
        in.flip();
        d.check(this, sent, in);
        in.clear();
        done++;
        next();
      }
    }

    private void interest(int ops) {
      if (ops != interest && key != null) {
        key.interestOps(ops);
        interest = ops;
      }
    }
  }

  /**
   * CPU clock ticks (1/100 s) used so far by the server, this process and every other process, read
   * from /proc; all -1 where /proc cannot be read.
   */
  record Cpu(long nanos, long server, long self, long others) {
    static final Cpu NONE = new Cpu(0, -1, -1, -1);

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    static final double HZ = 100;

    double cores(Cpu before, java.util.function.ToLongFunction<Cpu> f) {
      long a = f.applyAsLong(before);
      long b = f.applyAsLong(this);
      if (a < 0 || b < 0 || nanos <= before.nanos) {
        return Double.NaN;
      }
      return (b - a) / HZ / ((nanos - before.nanos) / 1e9);
    }

    static Cpu read(long serverPid, List<Long> ourPids) {
      long self = ProcessHandle.current().pid();
      Set<Long> ours = new java.util.HashSet<>(ourPids);
      ours.add(self);
      ours.add(serverPid);
      long server = serverPid < 0 ? -1 : ticks(serverPid, false);
      long others = 0;
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
        for (Path p : ds) {
          String name = p.getFileName().toString();
          if (name.isEmpty() || !Character.isDigit(name.charAt(0)) || ours.contains(pid(name))) {
            continue;
          }
          long t = ticks(pid(name), true);
          if (t > 0) {
            others += t;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        others = -1;
      }
      return new Cpu(System.nanoTime(), server, ticks(self, false), others);
    }

    private static long pid(String name) {
      try {
        return Long.parseLong(name);
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    /**
     * utime + stime of a process (all its threads), and with {@code reaped} its reaped children's
     * too, so that a short-lived child counts when it is gone; 0 for a kernel thread, -1 if
     * unreadable.
     */
    static long ticks(long pid, boolean reaped) {
      String s;
      try {
        s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
      } catch (IOException | UncheckedIOException e) {
        return -1;
      }
      // pid (comm) state ppid ...: comm may hold spaces and parentheses; fields follow the last ')'
      String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split(" ", -1);
      if (f.length < 15) {
        return -1;
      }
      long ppid = Long.parseLong(f[1]);
      if (pid == 2 || ppid == 2) {
        return 0; // kthreadd and its kernel threads: the kernel working for us, mostly
      }
      // fields 14-17 of proc(5): utime stime cutime cstime, at f[11..14]
      long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return reaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }
  }
}
