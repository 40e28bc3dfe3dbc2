package io.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jasyncio.Asyncio;
import io.jasyncio.Engine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs each example and compares the raw bytes it prints with the lesson's output. The examples run
 * unchanged on virtual time ({@link Asyncio#withVirtualTime}), so their sleeps take no real time
 * and their timings are exact; one test runs on the real clock. The suite runs once per engine (see
 * examples/pom.xml).
 */
class ExamplesTest {
  private static final String HELLO = "Hello from coroutine!\n";

  /** The nine lines under "Вывод:" in the lesson (seed 000), each followed by \n. */
  private static final String RESTAURANT =
      """
      Повар Франсуа начинает готовить заказ №1: Салат
      Повар Жан начинает готовить заказ №2: Стейк
      Повар Марсель начинает готовить заказ №3: Суп
      Заказ №1: Салат готов!
      Официант подает Салат
      Заказ №2: Стейк готов!
      Официант подает Стейк
      Заказ №3: Суп готов!
      Официант подает Суп
      """;

  /** What one run printed, and how long it took: real time, and virtual time if it ran on it. */
  private record Run(byte[] out, byte[] err, int status, Duration elapsed, double virtualSeconds) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }

    String errText() {
      return new String(err, StandardCharsets.UTF_8);
    }
  }

  /**
   * Runs the runner with these arguments, capturing the exact bytes printed through {@link Out}.
   */
  private static Run runner(String... args) {
    return runner(true, args);
  }

  @SuppressWarnings("try") // the redirections are used for their close() only
  private static Run runner(boolean virtualTime, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int[] status = new int[1];
    double virtual;
    try (var o = Out.redirect(out);
        var e = Out.redirectErr(err)) {
      Runnable program = () -> status[0] = Examples.run(args);
      if (virtualTime) {
        virtual = Asyncio.withVirtualTime(program);
      } else {
        program.run();
        virtual = Double.NaN;
      }
    }
    return new Run(
        out.toByteArray(),
        err.toByteArray(),
        status[0],
        Duration.ofNanos(System.nanoTime() - start),
        virtual);
  }

  private static Run example(String name) {
    return example(true, name);
  }

  private static Run example(boolean virtualTime, String name) {
    Run r = runner(virtualTime, name);
    assertThat(r.errText()).as("stderr of %s", name).isEmpty();
    assertThat(r.status()).as("exit status of %s", name).isZero();
    return r;
  }

  @Test
  void restaurantPrintsTheLessonsNineLinesByteForByte() {
    byte[] expected = RESTAURANT.getBytes(StandardCharsets.UTF_8);
    assertThat(RESTAURANT.lines()).hasSize(9);
    Run r = example("restaurant");
    assertThat(r.out()).isEqualTo(expected);
    assertThat(r.virtualSeconds()).as("three orders cooked concurrently: 2 s").isEqualTo(2.0);
  }

  @Test
  void helloPrintsOneLine() {
    Run r = example("hello");
    assertThat(r.text()).isEqualTo(HELLO);
    assertThat(r.virtualSeconds()).isEqualTo(1.0);
  }

  @Test
  void tenPrintsTenLinesInOneSecond() {
    Run r = example("ten");
    assertThat(r.text()).isEqualTo(HELLO.repeat(10));
    assertThat(r.virtualSeconds()).as("ten one-second sleeps, concurrently").isEqualTo(1.0);
  }

  @Test
  void tenOnTheRealClockTakesAboutOneSecond() {
    Run r = example(false, "ten");
    assertThat(r.text()).isEqualTo(HELLO.repeat(10));
    // Ten one-second sleeps run concurrently: about 1 s, certainly not 10 s. A loose bound.
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void typePrintsTheTaskClassThenAwaitsIt() {
    Run r = example("type");
    assertThat(r.text()).isEqualTo("class io.jasyncio.Task\n" + HELLO);
    assertThat(r.virtualSeconds()).isEqualTo(1.0);
  }

  @Test
  void forgetRunsTheUnreferencedTaskToItsEnd() {
    Run r = example("forget");
    assertThat(r.text()).isEqualTo("----------\nRunning my task\nTask complete\n----------\n");
    assertThat(r.virtualSeconds()).isEqualTo(2.0);
  }

  @Test
  void kitchenCooksEveryOrderOnceNeverUsesMoreThanTwoStovesAndServesEveryDish() {
    List<String> lines = example("kitchen").text().lines().toList();
    for (Kitchen.Order o : Kitchen.ORDERS) {
      String ready = "Заказ №" + o.number() + ": " + o.dish() + " готов!";
      assertThat(lines).as(ready).containsOnlyOnce(ready);
      assertThat(lines.stream().filter(l -> l.matches("Официант .* подает " + o.dish())))
          .as("served once: " + o.dish())
          .hasSize(1);
      assertThat(lines.indexOf(ready))
          .as("served after it is ready: " + o.dish())
          .isLessThan(indexOfMatch(lines, "Официант .* подает " + o.dish()));
    }
    assertThat(lines.stream().filter(l -> l.contains("занято плит:")))
        .hasSize(Kitchen.ORDERS.size())
        .allSatisfy(l -> assertThat(l).matches(".*занято плит: [12] из 2\\)"));
    int allServed = lines.indexOf("Все заказы поданы");
    assertThat(allServed).isPositive();
    assertThat(lines.subList(allServed + 1, lines.size()))
        .hasSize(Kitchen.COOKS.size() + Kitchen.WAITERS.size())
        .allSatisfy(l -> assertThat(l).endsWith("уходит домой"));
  }

  @Test
  void bankAndCacheShowBugsThatOnlyExplorationFindsAndTheirFixes() {
    List<String> bank = example("bank").text().lines().toList();
    assertThat(bank.get(0)).isEqualTo("without a lock: asyncio's order gives 115");
    assertThat(bank.get(1))
        .matches("without a lock: [1-9][0-9]* of 100 explored schedules are wrong .*");
    assertThat(bank.get(2)).isEqualTo("with a lock: asyncio's order gives 115");
    assertThat(bank.get(3)).isEqualTo("with a lock: 0 of 100 explored schedules are wrong");
    List<String> cache = example("cache").text().lines().toList();
    assertThat(cache.get(0)).isEqualTo("naive cache, fetches: asyncio's order gives 1");
    assertThat(cache.get(1))
        .matches("naive cache, fetches: [1-9][0-9]* of 100 explored schedules are wrong .*");
    assertThat(cache.get(3))
        .isEqualTo("single-flight cache, fetches: 0 of 100 explored schedules are wrong");
  }

  /** An echo server and three clients, one after another: no timer, so no virtual time. */
  static final String ECHO =
      """
      server: listening
      alice -> hello
      server: client 1 sent 'hello'
      alice <- hello
      alice -> how are you?
      server: client 1 sent 'how are you?'
      alice <- how are you?
      server: client 1 left
      bob -> ping
      server: client 2 sent 'ping'
      bob <- ping
      bob -> ping again
      server: client 2 sent 'ping again'
      bob <- ping again
      server: client 2 left
      carol -> привет
      server: client 3 sent 'привет'
      carol <- привет
      carol -> пока
      server: client 3 sent 'пока'
      carol <- пока
      server: client 3 left
      server: closed
      """;

  /** The chat's scene: what each client says, and when it leaves, everything it received. */
  static final String CHAT =
      """
      alice joins
      bob joins
      alice says: hi bob!
      bob says: hi alice, anyone else here?
      carol joins
      carol says: hello, both of you
      alice says: got to go, bye
      alice leaves, having received:
          * welcome alice, here: nobody
          * bob joined
          bob: hi alice, anyone else here?
          * carol joined
          carol: hello, both of you
      bob says: bye alice
      bob leaves, having received:
          * welcome bob, here: alice
          alice: hi bob!
          * carol joined
          carol: hello, both of you
          alice: got to go, bye
          * alice left
      carol says: anyone?
      carol leaves, having received:
          * welcome carol, here: alice, bob
          alice: got to go, bye
          * alice left
          bob: bye alice
          * bob left
      """;

  /** The ten downloads, in the order of the list. */
  static final String FETCH =
      """
      /page/1   200 This is page 1.
      /page/2   200 This is page 2.
      /page/3   200 This is page 3.
      /page/4   200 This is page 4.
      /page/5   200 This is page 5.
      /page/6   200 This is page 6.
      /page/7   200 This is page 7.
      /page/8   200 This is page 8.
      /page/99  404 No such page: /page/99
      /slow     timed out after 1.0 s
      at most 3 requests at a time
      """;

  @Test
  void echoPrintsEachClientsConversationInTurn() {
    Run r = example("echo");
    assertThat(r.text()).isEqualTo(ECHO);
    assertThat(r.virtualSeconds()).as("no sleep: I/O takes no virtual time").isEqualTo(0.0);
  }

  @Test
  void chatPrintsTheSceneAndWhatEachClientReceived() {
    Run r = example("chat");
    assertThat(r.text()).isEqualTo(CHAT);
    assertThat(r.virtualSeconds())
        .as("the last client leaves at 1.1 s")
        .isCloseTo(1.1, within(1e-9));
  }

  @Test
  void fetchPrintsTheTenResultsInListOrder() {
    Run r = example("fetch");
    assertThat(r.text()).isEqualTo(FETCH);
    // Three at a time: pages 1-8 end at 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.2 and 1.5 s, /page/99 at
    // 0.9 s, /slow times out at 1.9 s; the server answers it at 2.4 s, and then it is closed.
    assertThat(r.virtualSeconds()).isCloseTo(2.4, within(1e-9));
  }

  static final String COMMANDS =
      """
      'sleep 0.3; echo one': exit 0, stdout 'one', stderr ''
      'sleep 0.2; echo two; echo 'a warning' >&2': exit 0, stdout 'two', stderr 'a warning'
      'sleep 0.1; echo three; exit 3': exit 3, stdout 'three', stderr ''
      read line 1
      read line 2
      read line 3
      exit 0
      """;

  @Test
  void commandsRunsThreeChildrenAtOnceAndReadsOneLineByLine() {
    Run r = example("commands");
    assertThat(r.text()).isEqualTo(COMMANDS);
    // the children run on the real clock; a virtual clock does not move while they hold it
    assertThat(r.virtualSeconds()).isEqualTo(0.0);
    assertThat(example(false, "commands").text()).isEqualTo(COMMANDS);
  }

  @Test
  void theNetworkExamplesRunOnTheRealClockToo() {
    // echo has no timer: each line waits for the one before, so its order holds on any clock.
    assertThat(example(false, "echo").text()).isEqualTo(ECHO);
    // fetch's pages race their 1 s timeouts for real. On an idle machine it prints FETCH; on an
    // overloaded one a page may lose the race, so only what does not depend on speed is checked.
    List<String> fetch = example(false, "fetch").text().lines().toList();
    assertThat(fetch).hasSize(11);
    for (int n = 1; n <= 8; n++) {
      assertThat(fetch.get(n - 1))
          .matches("/page/" + n + " +(200 This is page " + n + "\\.|timed out after 1\\.0 s)");
    }
    assertThat(fetch.subList(8, 11))
        .containsExactly(
            "/page/99  404 No such page: /page/99",
            "/slow     timed out after 1.0 s",
            "at most 3 requests at a time");
  }

  private static int indexOfMatch(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void unknownNameIsRejectedWithTheValidNames() {
    Run r = runner("hello", "nope");
    assertThat(r.status()).isEqualTo(Examples.USAGE);
    assertThat(r.out()).as("nothing runs when a name is unknown").isEmpty();
    assertThat(r.errText())
        .contains("unknown example 'nope'")
        .contains(
            "hello, ten, type, restaurant, forget, kitchen, bank, cache, echo, chat, fetch,"
                + " commands");
  }

  @Test
  void noArgumentsIsAUsageError() {
    Run r = runner();
    assertThat(r.status()).isEqualTo(Examples.USAGE);
    assertThat(r.errText()).contains("usage:").contains("--all");
  }

  @Test
  void listNamesEveryExampleWithADescription() {
    Run r = runner("--list");
    assertThat(r.status()).isZero();
    assertThat(r.text().lines())
        .hasSize(Examples.ALL.size())
        .allSatisfy(line -> assertThat(line).matches("[a-z]+ +\\S.*"));
    assertThat(r.text().lines().map(l -> l.split(" ")[0]))
        .containsExactly(
            "hello",
            "ten",
            "type",
            "restaurant",
            "forget",
            "kitchen",
            "bank",
            "cache",
            "echo",
            "chat",
            "fetch",
            "commands");
  }

  @Test
  void severalNamesGetHeadersAndTimings() {
    Run r = runner("type", "hello");
    assertThat(r.status()).isZero();
    assertThat(r.text())
        .matches(
            "== type\nclass io.jasyncio.Task\nHello from coroutine!\n== type took \\d+\\.\\d{3} s\n"
                + "== hello\nHello from coroutine!\n== hello took \\d+\\.\\d{3} s\n");
  }

  @Test
  void runsOnTheEngineThisSuiteExecutionAsksFor() {
    // Surefire runs this class once per engine (examples/pom.xml): make sure that really happens.
    String wanted = System.getProperty(Engine.PROPERTY);
    if (wanted != null) {
      assertThat(Engine.defaultEngine().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .isEqualTo(wanted);
    }
  }
}
