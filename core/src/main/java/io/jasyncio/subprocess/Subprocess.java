package io.jasyncio.subprocess;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamReaderProtocol;
import io.jasyncio.net.StreamWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A child process with await points: asyncio's {@code asyncio.subprocess.Process}, made by {@link
 * #createSubprocessExec} or {@link #createSubprocessShell}. Loop thread only.
 *
 * <pre>{@code
 * Subprocess p = Subprocess.createSubprocessExec(
 *     List.of("ls", "-l"), Subprocess.Options.defaults().withStdout(Subprocess.Stdio.PIPE));
 * var out = p.communicate(null);
 * int code = p.await();
 * }</pre>
 *
 * <p>Pipes: a piped stdout or stderr is read as the child writes it, up to twice the reader's
 * limit; a child that writes more than that while nobody reads blocks, and so does its exit (the
 * deadlock asyncio's documentation warns of): read its output, or use {@link #communicate}.
 *
 * <p>Virtual time: while a pipe is read or written, and until the child exits once awaited, the
 * work is on other threads and holds a virtual clock, as every such job does: time does not pass a
 * child that is still running.
 */
public final class Subprocess {
  /** Where a child's standard stream goes: asyncio's {@code PIPE}, {@code DEVNULL}, ... */
  public enum Stdio {
    /** Inherited from this process (asyncio's {@code None}). */
    INHERIT,
    /** A pipe to this process, as a stream. */
    PIPE,
    /** Nowhere. */
    DEVNULL,
    /** stderr only: into the same pipe or file as stdout. */
    STDOUT
  }

  /**
   * How to start a child.
   *
   * @param stdin where its stdin comes from ({@link Stdio#STDOUT} is refused)
   * @param stdout where its stdout goes ({@link Stdio#STDOUT} is refused)
   * @param stderr where its stderr goes
   * @param cwd its working directory, or {@code null} for this process's
   * @param env variables to set on top of this process's environment, or {@code null}
   * @param limit the limit of the stdout and stderr readers
   */
  public record Options(
      Stdio stdin,
      Stdio stdout,
      Stdio stderr,
      @Nullable Path cwd,
      @Nullable Map<String, String> env,
      int limit) {
    public Options {
      Objects.requireNonNull(stdin, "stdin");
      Objects.requireNonNull(stdout, "stdout");
      Objects.requireNonNull(stderr, "stderr");
      if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
        throw new IllegalArgumentException("Stdio.STDOUT is only for stderr");
      }
      if (limit <= 0) {
        throw new IllegalArgumentException("limit must be > 0, got " + limit);
      }
      env = env == null ? null : Map.copyOf(env);
    }

    /** Every stream inherited, no extra environment, the 64 KiB limit: asyncio's defaults. */
    public static Options defaults() {
      return new Options(
          Stdio.INHERIT, Stdio.INHERIT, Stdio.INHERIT, null, null, StreamReader.DEFAULT_LIMIT);
    }

    /** Every stream piped. */
    public static Options pipes() {
      return defaults().withStdin(Stdio.PIPE).withStdout(Stdio.PIPE).withStderr(Stdio.PIPE);
    }

    public Options withStdin(Stdio s) {
      return new Options(s, stdout, stderr, cwd, env, limit);
    }

    public Options withStdout(Stdio s) {
      return new Options(stdin, s, stderr, cwd, env, limit);
    }

    public Options withStderr(Stdio s) {
      return new Options(stdin, stdout, s, cwd, env, limit);
    }

    public Options withCwd(@Nullable Path dir) {
      return new Options(stdin, stdout, stderr, dir, env, limit);
    }

    public Options withEnv(@Nullable Map<String, String> vars) {
      return new Options(stdin, stdout, stderr, cwd, vars, limit);
    }

    public Options withLimit(int l) {
      return new Options(stdin, stdout, stderr, cwd, env, l);
    }
  }

  /** What {@link #communicate} collected. */
  public static final class Output {
    private final byte @Nullable [] stdout;
    private final byte @Nullable [] stderr;

    Output(byte @Nullable [] stdout, byte @Nullable [] stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /**
     * The child's whole stdout.
     *
     * @throws IllegalStateException if stdout was not piped
     */
    public byte[] stdout() {
      return piped(stdout, "stdout").clone();
    }

    /**
     * The child's whole stderr.
     *
     * @throws IllegalStateException if stderr was not piped
     */
    public byte[] stderr() {
      return piped(stderr, "stderr").clone();
    }

    /** Whether stdout was piped (asyncio: {@code out is not None}). */
    public boolean hasStdout() {
      return stdout != null;
    }

    /** Whether stderr was piped. */
    public boolean hasStderr() {
      return stderr != null;
    }
  }

  private final EventLoop loop;
  private final Process process;
  private final @Nullable StreamWriter stdin;
  private final @Nullable StreamReader stdout;
  private final @Nullable StreamReader stderr;
  private final List<PipeTransport> openPipes = new ArrayList<>();
  private @Nullable Integer returncode;
  private @Nullable Future<Integer> exit;

  private Subprocess(EventLoop loop, Process process, Options o) {
    this.loop = loop;
    this.process = process;
    if (o.stdin() == Stdio.PIPE) {
      StreamReaderProtocol p = new StreamReaderProtocol(null);
      PipeTransport.Write t = new PipeTransport.Write(loop, p, this, process.getOutputStream());
      openPipes.add(t);
      stdin = new StreamWriter(t, p, null);
    } else {
      stdin = null;
    }
    stdout = o.stdout() == Stdio.PIPE ? readPipe(o, "stdout", process.getInputStream()) : null;
    stderr = o.stderr() == Stdio.PIPE ? readPipe(o, "stderr", process.getErrorStream()) : null;
  }

  private StreamReader readPipe(Options o, String name, java.io.InputStream in) {
    StreamReader r = new StreamReader(o.limit());
    StreamReaderProtocol p = new StreamReaderProtocol(r);
    openPipes.add(new PipeTransport.Read(loop, p, this, name, in));
    return r;
  }

  /**
   * Starts {@code command} (the program and its arguments, no shell): asyncio's {@code
   * create_subprocess_exec}.
   *
   * @throws IOException if it cannot start (no such program, say)
   * @throws IllegalArgumentException if {@code command} is empty
   */
  public static Subprocess createSubprocessExec(List<String> command, Options options)
      throws IOException {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(options, "options");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command is empty: give the program to run");
    }
    EventLoop loop = Asyncio.getRunningLoop();
    ProcessBuilder pb = new ProcessBuilder(List.copyOf(command));
    pb.redirectInput(redirect(options.stdin(), true));
    pb.redirectOutput(redirect(options.stdout(), false));
    if (options.stderr() == Stdio.STDOUT) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(redirect(options.stderr(), false));
    }
    if (options.cwd() != null) {
      pb.directory(options.cwd().toFile());
    }
    if (options.env() != null) {
      pb.environment().putAll(options.env());
    }
    Process p = pb.start(); // fork and exec: quick, done on the loop thread as asyncio does
    return new Subprocess(loop, p, options);
  }

  /** As {@link #createSubprocessExec(List, Options)} with the default options. */
  public static Subprocess createSubprocessExec(String... command) throws IOException {
    return createSubprocessExec(List.of(command), Options.defaults());
  }

  /**
   * Runs {@code cmd} through {@code /bin/sh -c}: asyncio's {@code create_subprocess_shell}. Quote
   * what comes from users: the shell interprets it.
   */
  public static Subprocess createSubprocessShell(String cmd, Options options) throws IOException {
    Objects.requireNonNull(cmd, "cmd");
    return createSubprocessExec(List.of("/bin/sh", "-c", cmd), options);
  }

  private static ProcessBuilder.Redirect redirect(Stdio s, boolean input) {
    return switch (s) {
      case INHERIT -> ProcessBuilder.Redirect.INHERIT;
      case PIPE -> ProcessBuilder.Redirect.PIPE;
      case DEVNULL ->
          input
              ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
              : ProcessBuilder.Redirect.DISCARD;
      case STDOUT -> throw new IllegalArgumentException("Stdio.STDOUT is only for stderr");
    };
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** The exit code, once {@link #await()} saw the exit; {@code null} before. */
  public @Nullable Integer returncode() {
    return returncode;
  }

  /**
   * The child's stdin (asyncio's {@code proc.stdin}).
   *
   * @throws IllegalStateException if it is not piped ({@link Stdio#PIPE}), where asyncio gives
   *     {@code None}
   */
  public StreamWriter stdin() {
    return piped(stdin, "stdin");
  }

  /** The child's stdout; as {@link #stdin()}. */
  public StreamReader stdout() {
    return piped(stdout, "stdout");
  }

  /** The child's stderr; as {@link #stdin()}. */
  public StreamReader stderr() {
    return piped(stderr, "stderr");
  }

  private static <T> T piped(@Nullable T stream, String name) {
    if (stream == null) {
      throw new IllegalStateException(
          name
              + " is not piped: start the child with Options...with"
              + Character.toUpperCase(name.charAt(0))
              + name.substring(1)
              + "(Stdio.PIPE)");
    }
    return stream;
  }

  /**
   * Waits for the child to exit; returns the exit code (asyncio's {@code wait()}: {@code -N} if
   * signal N killed it). It returns on the exit even if a grandchild still holds the child's stdout
   * open (CPython's gh-119710 fix); to read the output to its end, use {@link #communicate} or the
   * readers. An await point.
   */
  public int await() {
    Integer rc = returncode;
    if (rc != null) {
      return rc;
    }
    Future<Integer> f = exit;
    if (f == null) {
      f = loop.runInExecutor(PipeTransport.PIPES, process::waitFor);
      exit = f;
    }
    int code = io.jasyncio.Asyncio.shield(f).await();
    rc = returncode;
    if (rc == null) {
      rc = code > 128 && code < 128 + 65 ? -(code - 128) : code; // the shell's 128 + signal
      returncode = rc;
    }
    return rc;
  }

  void pipeLost(PipeTransport t) {
    openPipes.remove(t);
  }

  /**
   * Sends {@code input} to stdin (then closes it), reads stdout and stderr to their end, and waits
   * for the exit: asyncio's {@code communicate}. Cancelled, the child keeps running. An await
   * point.
   *
   * @param input bytes for stdin, or {@code null}
   * @throws IllegalStateException if input is given but stdin is not piped
   */
  public Output communicate(byte @Nullable [] input) throws IOException {
    StreamWriter in = stdin;
    if (input != null && in == null) {
      throw new IllegalStateException("communicate(input): stdin is not piped (Stdio.PIPE)");
    }
    byte[] none = new byte[0];
    List<io.jasyncio.Coroutine<byte[]>> parts = new ArrayList<>(3);
    parts.add(
        () -> {
          if (in != null) {
            if (input != null) {
              in.write(input);
            }
            try {
              in.drain();
            } catch (IOException e) {
              // the child closed stdin or exited: asyncio ignores BrokenPipe here too
            }
            in.close();
          }
          return none;
        });
    StreamReader out = stdout;
    StreamReader err = stderr;
    parts.add(() -> out == null ? none : out.read());
    parts.add(() -> err == null ? none : err.read());
    List<byte[]> got = Asyncio.gather(parts);
    await();
    return new Output(out == null ? null : got.get(1), err == null ? null : got.get(2));
  }

  /** Asks the child to stop (SIGTERM). */
  public void terminate() {
    process.destroy();
  }

  /** Kills the child (SIGKILL). */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public String toString() {
    return "<Subprocess "
        + pid()
        + (returncode == null ? " running" : " returncode=" + returncode)
        + ">";
  }
}
