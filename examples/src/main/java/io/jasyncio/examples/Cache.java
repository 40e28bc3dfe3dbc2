package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A check-then-act race: a cache that fetches on a miss. When two tasks miss at once, both fetch.
 * asyncio's order happens to let the first one fill the cache in time; explored schedules find the
 * orders where the second one checks first. Remembering the pending fetch (a task in the cache,
 * awaited by every reader) fixes it.
 */
public final class Cache {
  private Cache() {}

  /** A cache that counts how often it fetched. */
  interface Store {
    String get(String key);

    int fetches();
  }

  static final class Naive implements Store {
    final Map<String, String> map = new HashMap<>();
    int fetches;

    @Override
    public int fetches() {
      return fetches;
    }

    @Override
    public String get(String key) {
      String v = map.get(key);
      if (v == null) {
        fetches++;
        sleep(0); // the fetch: another task may check the cache here
        v = key.toUpperCase(Locale.ROOT);
        map.put(key, v);
      }
      return v;
    }
  }

  static final class SingleFlight implements Store {
    final Map<String, io.jasyncio.Task<String>> map = new HashMap<>();
    int fetches;

    @Override
    public int fetches() {
      return fetches;
    }

    @Override
    public String get(String key) {
      io.jasyncio.Task<String> t = map.get(key);
      if (t == null) { // check and act with no await in between: atomic on one loop
        fetches++;
        t =
            createTask(
                () -> {
                  sleep(0);
                  return key.toUpperCase(Locale.ROOT);
                });
        map.put(key, t);
      }
      return t.await();
    }
  }

  /** Two readers of one key, one step apart; returns how many fetches the cache made. */
  static int fetchesOfTwoReaders(Store c) {
    gather(
        createTask(
            () -> {
              sleep(0);
              return c.get("k");
            }),
        createTask(
            () -> {
              sleep(0);
              sleep(0);
              return c.get("k");
            }));
    return c.fetches();
  }

  public static void main(String[] args) {
    Bank.report("naive cache, fetches", () -> fetchesOfTwoReaders(new Naive()), 1);
    Bank.report("single-flight cache, fetches", () -> fetchesOfTwoReaders(new SingleFlight()), 1);
  }
}
