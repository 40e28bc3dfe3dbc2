package io.jasyncio;

import static io.jasyncio.Asyncio.sleep;

/**
 * A program for {@link SigintTest}, run in its own JVM: {@code once} cleans up when Ctrl-C cancels
 * it; {@code stubborn} swallows the first cancellation and waits on, so only a second Ctrl-C ends
 * it; {@code catches} catches the cancellation and returns normally.
 */
public final class SigintProgram {
  private SigintProgram() {}

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  public static void main(String[] args) {
    String mode = args[0];
    String result =
        Asyncio.run(
            () -> {
              say("started");
              try {
                sleep(3600);
              } catch (CancelledError e) {
                say("cancelled");
                if (mode.equals("once")) {
                  throw e;
                }
                if (mode.equals("catches")) {
                  return "caught";
                }
                say("still waiting");
                sleep(3600);
              } finally {
                say("cleanup ran");
              }
              return "slept";
            });
    say("run returned " + result);
  }
}
