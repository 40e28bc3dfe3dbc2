package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Coroutine;
import io.jasyncio.subprocess.Subprocess;
import io.jasyncio.subprocess.Subprocess.Options;
import io.jasyncio.subprocess.Subprocess.Stdio;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several commands run at once, their outputs collected: asyncio's {@code create_subprocess_exec},
 * {@code communicate} and {@code gather}. Then one command's output read line by line while it
 * runs.
 *
 * {@snippet lang=python :
 * import asyncio
 * from asyncio.subprocess import PIPE
 *
 * COMMANDS = [
 *     ["sh", "-c", "sleep 0.3; echo one"],
 *     ["sh", "-c", "sleep 0.2; echo two; echo 'a warning' >&2"],
 *     ["sh", "-c", "sleep 0.1; echo three; exit 3"],
 * ]
 *
 * async def run(cmd):
 *     proc = await asyncio.create_subprocess_exec(*cmd, stdout=PIPE, stderr=PIPE)
 *     out, err = await proc.communicate()
 *     return proc.returncode, out.decode().strip(), err.decode().strip()
 *
 * async def main():
 *     results = await asyncio.gather(*(run(cmd) for cmd in COMMANDS))  # all three at once
 *     for cmd, (code, out, err) in zip(COMMANDS, results):
 *         print(f"{cmd[2]!r}: exit {code}, stdout {out!r}, stderr {err!r}")
 *
 *     proc = await asyncio.create_subprocess_exec(
 *         "sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.05; done", stdout=PIPE)
 *     async for line in proc.stdout:                 # as the child prints them
 *         print("read", line.decode().strip())
 *     print("exit", await proc.wait())
 *
 * asyncio.run(main())
 * }
 *
 * The three commands take 0.3 s together, not 0.6 s: each waits for its child on its own task.
 * Output is printed in the list's order, whatever order the children end in.
 */
public final class Commands {
  private Commands() {}

  static final List<List<String>> COMMANDS =
      List.of(
          List.of("sh", "-c", "sleep 0.3; echo one"),
          List.of("sh", "-c", "sleep 0.2; echo two; echo 'a warning' >&2"),
          List.of("sh", "-c", "sleep 0.1; echo three; exit 3"));

  /** What one command gave: its exit code, stdout and stderr. */
  record Result(int code, String out, String err) {}

  // async def run(cmd):
  static Result runCommand(List<String> cmd) throws IOException {
    // proc = await asyncio.create_subprocess_exec(*cmd, stdout=PIPE, stderr=PIPE)
    Subprocess proc =
        Subprocess.createSubprocessExec(
            cmd, Options.defaults().withStdout(Stdio.PIPE).withStderr(Stdio.PIPE));
    var output = proc.communicate(null); //        out, err = await proc.communicate()
    return new Result(proc.await(), text(output.stdout()), text(output.stderr()));
  }

  static String text(byte[] bytes) {
    return new String(bytes, UTF_8).strip();
  }

  // async def main():
  static void main() throws IOException {
    List<Coroutine<Result>> runs = new ArrayList<>();
    for (List<String> cmd : COMMANDS) {
      runs.add(() -> runCommand(cmd));
    }
    List<Result> results = gather(runs); //          all three at once
    for (int i = 0; i < COMMANDS.size(); i++) {
      Result r = results.get(i);
      Out.println(
          "'"
              + COMMANDS.get(i).get(2)
              + "': exit "
              + r.code()
              + ", stdout '"
              + r.out()
              + "', stderr '"
              + r.err()
              + "'");
    }

    Subprocess proc =
        Subprocess.createSubprocessExec(
            List.of("sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.05; done"),
            Options.defaults().withStdout(Stdio.PIPE));
    for (byte[] line : proc.stdout().lines()) { //    async for line in proc.stdout:
      Out.println("read " + text(line));
    }
    Out.println("exit " + proc.await()); //           await proc.wait()
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(() -> main()); // asyncio.run(main())
  }
}
