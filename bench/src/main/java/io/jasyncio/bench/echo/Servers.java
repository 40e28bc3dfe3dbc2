package io.jasyncio.bench.echo;

import io.jasyncio.bench.Machine;
import io.jasyncio.bench.Peer;
import io.jasyncio.bench.echo.EchoBench.Options;
import io.jasyncio.bench.echo.EchoBench.Server;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The servers under comparison in E1 (echo) and E3 (HTTP/1.1 keep-alive), and how to start each:
 * jasyncio's in the streams and protocol styles (and for E1 the sock style) on both engines, Netty
 * with one event loop, plain virtual threads, CPython asyncio and uvloop. Each is started with its
 * port as its last argument and prints {@code READY <port>}.
 */
final class Servers {
  private Servers() {}

  /** E1's servers, in column order. */
  static final List<String> ECHO =
      List.of(
          EchoBench.STREAMS_CONT,
          EchoBench.PROTOCOL_CONT,
          "jasyncio-streams-virtual-threads",
          "jasyncio-protocol-virtual-threads",
          "jasyncio-sock-continuations",
          "jasyncio-sock-virtual-threads",
          "netty",
          "vthreads",
          "asyncio-streams",
          "asyncio-protocol",
          "uvloop-streams",
          "uvloop-protocol");

  /** E3's servers, in column order. */
  static final List<String> HTTP =
      List.of(
          EchoBench.STREAMS_CONT,
          EchoBench.PROTOCOL_CONT,
          "jasyncio-streams-virtual-threads",
          "jasyncio-protocol-virtual-threads",
          "netty",
          "vthreads",
          "asyncio-streams",
          "uvloop-streams",
          "uvloop-httptools");

  /** Every server that can run here and that {@code --servers} asks for, in column order. */
  static List<Server> discover(Options o, List<String> notes) {
    List<String> known = o.http ? HTTP : ECHO;
    List<String> only = o.servers;
    if (only != null) {
      for (String w : only) {
        if (known.stream().noneMatch(n -> matches(w, n))) {
          throw new IllegalArgumentException(
              "--servers: no server is called " + w + "; the servers: " + String.join(", ", known));
        }
      }
    }
    List<Server> all = new ArrayList<>();
    for (String engine : List.of("continuations", "virtual-threads")) {
      List<String> flags = engineFlags(engine);
      for (String style : List.of("streams", "protocol")) {
        String how =
            o.http
                ? (style.equals("streams")
                    ? "Streams.startServer: readuntil the empty line, parse, write, drain"
                    : "Net.createServer: dataReceived parses, transport.write per request")
                : (style.equals("streams")
                    ? "Streams.startServer: read(65536), write, drain"
                    : "Net.createServer: dataReceived -> transport.write");
        all.add(
            java(
                "jasyncio-" + style + "-" + engine,
                "jasyncio "
                    + style
                    + (o.http ? " HTTP (" : " echo (")
                    + how
                    + "), "
                    + engine
                    + " engine",
                (o.http ? JasyncioHttp.class : JasyncioEcho.class).getName(),
                flags,
                List.of(style)));
      }
    }
    if (!o.http) {
      for (String engine : List.of("continuations", "virtual-threads")) {
        all.add(
            java(
                "jasyncio-sock-" + engine,
                "jasyncio sock echo (Net.sockAccept, then a task per connection: sockRecv(65536),"
                    + " sockSendall), "
                    + engine
                    + " engine",
                JasyncioEcho.class.getName(),
                engineFlags(engine),
                List.of("sock")));
      }
    }
    String netty = "Netty " + jarVersion("netty-transport-");
    all.add(
        o.http
            ? java(
                "netty",
                netty + " with its HTTP/1.1 codec (HttpServerCodec), one NIO event loop thread",
                NettyHttp.class.getName(),
                List.of(),
                List.of())
            : java(
                "netty",
                netty + ", one NIO event loop thread for accepting and every connection",
                NettyEcho.class.getName(),
                List.of(),
                List.of()));
    all.add(
        java(
            "vthreads",
            "plain Java virtual threads, blocking sockets, one per connection"
                + (o.http ? ", the same parser as jasyncio's" : ""),
            (o.http ? VirtualThreadHttp.class : VirtualThreadEcho.class).getName(),
            List.of(),
            List.of()));
    String script =
        o.repo
            .resolve("bench/src/main/python/" + (o.http ? "http_server.py" : "echo_server.py"))
            .toString();
    List<String> styles = o.http ? List.of("streams") : List.of("streams", "protocol");
    if (styles.stream().anyMatch(st -> wanted(only, "asyncio-" + st))) {
      Optional<String> py = o.python != null ? Optional.of(o.python) : defaultPython();
      if (py.isPresent()) {
        String v = "CPython " + Machine.pythonVersion(py.get()) + " asyncio";
        for (String st : styles) {
          all.add(python("asyncio", st, v, py.get(), script, false, o.http));
        }
      } else {
        notes.add("asyncio: no python3 found");
      }
    }
    List<String> uvStyles = o.http ? List.of("streams", "httptools") : styles;
    if (uvStyles.stream().anyMatch(st -> wanted(only, "uvloop-" + st))) {
      Optional<String> uv = Machine.pythonWithUvloop(o.install, notes);
      if (uv.isPresent()) {
        String v =
            "uvloop "
                + Machine.uvloopVersion(uv.get())
                + " on CPython "
                + Machine.pythonVersion(uv.get());
        for (String st : uvStyles) {
          if (st.equals("httptools")
              && (!wanted(only, "uvloop-httptools")
                  || !Machine.httptools(uv.get(), o.install, notes))) {
            continue;
          }
          all.add(python("uvloop", st, v, uv.get(), script, true, o.http));
        }
      }
    }
    return all.stream().filter(s -> wanted(only, s.name())).toList();
  }

  /** The JVM flags of a jasyncio server on {@code engine}. */
  private static List<String> engineFlags(String engine) {
    List<String> flags = new ArrayList<>();
    if (engine.equals("continuations")) {
      flags.addAll(List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"));
    }
    flags.add("-Djasyncio.engine=" + engine);
    return flags;
  }

  static boolean wanted(@Nullable List<String> only, String name) {
    return only == null || only.stream().anyMatch(w -> matches(w, name));
  }

  /** {@code jasyncio} matches every jasyncio server; a full name matches itself. */
  private static boolean matches(String wanted, String name) {
    String w = wanted.trim();
    return name.equals(w) || name.startsWith(w + "-");
  }

  private static Server java(
      String name, String description, String main, List<String> flags, List<String> args) {
    List<String> c = new ArrayList<>();
    c.add(ProcessHandle.current().info().command().orElse("java"));
    c.addAll(Peer.JVM_FLAGS);
    c.addAll(flags);
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(main);
    c.addAll(args);
    return new Server(name, description, List.copyOf(c));
  }

  private static Server python(
      String loop,
      String style,
      String version,
      String python,
      String script,
      boolean uvloop,
      boolean http) {
    List<String> c = new ArrayList<>(List.of(python, script));
    if (uvloop) {
      c.add("--uvloop");
    }
    c.add(style);
    String how =
        switch (style) {
          case "streams" ->
              http
                  ? "start_server: readuntil the empty line, parse, write, drain"
                  : "start_server: read(65536), write, drain";
          case "httptools" ->
              "Protocol: httptools "
                  + Machine.httptoolsVersion(python)
                  + " (llhttp) parses,"
                  + " transport.write per request";
          default -> "Protocol: data_received -> transport.write";
        };
    return new Server(loop + "-" + style, version + ", " + how, List.copyOf(c));
  }

  /**
   * asyncio's interpreter: pyenv's newest CPython 3.13 where there is one, else python3.13 or
   * python3 on the PATH (its real executable, not a pyenv shim).
   */
  static Optional<String> defaultPython() {
    Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    if (Files.isDirectory(versions)) {
      try (Stream<Path> vs = Files.list(versions)) {
        Optional<Path> p =
            vs.filter(v -> v.getFileName().toString().startsWith("3.13"))
                .map(v -> v.resolve("bin/python3"))
                .filter(Files::isExecutable)
                .max(Comparator.comparing(Path::toString));
        if (p.isPresent()) {
          return Optional.of(p.get().toString());
        }
      } catch (IOException e) {
        // no pyenv: the PATH below
      }
    }
    for (String n : List.of("python3.13", "python3")) {
      Optional<String> w = Machine.which(n);
      if (w.isPresent()) {
        String exe =
            Machine.output(List.of(w.get(), "-c", "import sys; print(sys.executable)"), 30);
        if (!exe.isEmpty()) {
          return Optional.of(exe);
        }
      }
    }
    return Optional.empty();
  }

  /** The version in the name of a jar on the class path, such as {@code 4.2.20.Final}. */
  static String jarVersion(String prefix) {
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
      Path name = Path.of(e).getFileName();
      String f = name == null ? "" : name.toString();
      if (f.startsWith(prefix) && f.endsWith(".jar")) {
        return f.substring(prefix.length(), f.length() - 4);
      }
    }
    return "?";
  }
}
