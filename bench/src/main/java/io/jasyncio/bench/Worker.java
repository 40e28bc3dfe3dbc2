package io.jasyncio.bench;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one worker process to its end, or kills it at its timeout: the one way the benchmarks run a
 * process whose output they need (a workload worker, the echo load generator, a short probe such as
 * {@code python3 -c ...}).
 *
 * <p>The timeout fires whatever the worker does with its output: stdout is read on a thread of its
 * own while this thread waits for the exit, so a worker that hangs with its pipe open (or whose
 * child keeps the pipe open) is still killed. Killing takes the whole process tree ({@link
 * #killTree}): a worker under {@code /usr/bin/time} or a shell is a tree, and killing only its root
 * would leave the real worker running, orphaned, and holding the pipe.
 *
 * <p>Stdin is {@code /dev/null}; stderr goes where the caller's {@link ProcessBuilder} says (a log
 * file, or merged into stdout).
 */
public final class Worker {
  private Worker() {}

  /** How long the output of a killed or exited worker may take to reach its end. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  /**
   * How a worker ended.
   *
   * @param timedOut it did not exit within its timeout, and its process tree was killed
   * @param exitCode its exit code; -1 when it timed out
   * @param stdout what it printed on stdout (before it was killed, if it was)
   * @param seconds wall time from start to exit (or to the kill)
   */
  public record Result(boolean timedOut, int exitCode, String stdout, double seconds) {
    /** It exited by itself with code 0. */
    public boolean ok() {
      return !timedOut && exitCode == 0;
    }
  }

  /**
   * Starts {@code pb} and waits at most {@code timeout} for it to exit; on timeout kills its
   * process tree and returns a timed-out result (it does not throw).
   *
   * @throws IOException if the process cannot be started
   */
  public static Result run(ProcessBuilder pb, Duration timeout)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> drained = new CompletableFuture<>();
    Thread.ofVirtual().name("worker-stdout-" + p.pid()).start(() -> drain(p, out, drained));
    boolean exited;
    try {
      exited = p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      if (p.isAlive()) {
        killTree(p.toHandle()); // timed out, or this thread was interrupted
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    try {
      drained.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // An escaped descendant holds the pipe, or the read failed: keep what was read.
    }
    String stdout;
    synchronized (out) {
      stdout = out.toString(StandardCharsets.UTF_8);
    }
    return new Result(!exited, exited ? p.exitValue() : -1, stdout, seconds);
  }

  private static void drain(Process p, ByteArrayOutputStream out, CompletableFuture<Void> done) {
    try (InputStream in = p.getInputStream()) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
      done.complete(null);
    } catch (IOException e) {
      done.completeExceptionally(e);
    }
  }

  /**
   * Kills {@code root} and every process below it, forcibly, and waits (a few seconds at most) for
   * them to be gone. The descendants are listed before anything is killed: once the root is dead,
   * its children are re-parented and can no longer be found from it.
   */
  public static void killTree(ProcessHandle root) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(root);
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    awaitGone(all, DRAIN);
  }

  /**
   * Stops a long-running process (an echo server) and every process below it: first politely
   * (SIGTERM), then, after {@code grace}, forcibly.
   */
  public static void stopTree(Process p, Duration grace) throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
    all.add(p.toHandle());
    for (ProcessHandle h : all) {
      h.destroy();
    }
    if (!awaitGone(all, grace)) {
      for (ProcessHandle h : all) {
        h.destroyForcibly();
      }
      awaitGone(all, DRAIN);
    }
  }

  private static boolean awaitGone(List<ProcessHandle> hs, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    for (ProcessHandle h : hs) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return hs.stream().noneMatch(ProcessHandle::isAlive);
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // checked below
      }
    }
    return hs.stream().noneMatch(ProcessHandle::isAlive);
  }

  /** {@code s}'s last {@code max} characters, for an error message. */
  public static String tail(String s, int max) {
    String t = s.strip();
    return t.length() <= max ? t : "..." + t.substring(t.length() - max);
  }
}
