package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.sync.Held;
import io.jasyncio.sync.Lock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An ordering bug that asyncio's fixed order hides: a deposit that reads the balance, awaits, and
 * writes it back loses an update when another deposit runs in between. Run under asyncio's order it
 * looks right; run under 100 explored schedules ({@link EventLoop#exploreSchedules}) some seeds
 * lose money; with a {@link Lock} held across the await, every seed is right.
 */
public final class Bank {
  private Bank() {}

  static final int SEEDS = 100;

  static final class Account {
    int balance = 100;
    final Lock lock = new Lock();

    void deposit(int amount, boolean locked) {
      if (locked) {
        try (Held _ = lock.acquired()) {
          depositUnlocked(amount);
        }
      } else {
        depositUnlocked(amount);
      }
    }

    private void depositUnlocked(int amount) {
      int b = balance;
      sleep(0); // e.g. a call to the ledger service: another task may run here
      balance = b + amount;
    }
  }

  /** Two deposits, 10 and 5, that start one step apart. */
  static int twoDeposits(boolean locked) {
    Account a = new Account();
    gather(
        createTask(
            () -> {
              sleep(0);
              a.deposit(10, locked);
            }),
        createTask(
            () -> {
              sleep(0);
              sleep(0);
              a.deposit(5, locked);
            }));
    return a.balance;
  }

  /** Runs {@code main} on a fresh virtual-time loop, exploring with {@code seed} if not null. */
  static <T> T runOnce(@Nullable Long seed, Coroutine<T> main) {
    EventLoop loop = new EventLoop(io.jasyncio.Engine.defaultEngine(), true);
    try {
      if (seed != null) {
        loop.exploreSchedules(seed);
      }
      return Objects.requireNonNull(loop.runUntilComplete(loop.createTask(main)));
    } finally {
      loop.close();
    }
  }

  /** Prints what asyncio's order and the explored schedules give for one version. */
  static void report(String version, Coroutine<Integer> program, int expected) {
    Out.println(version + ": asyncio's order gives " + runOnce(null, program));
    int wrong = 0;
    long first = -1;
    for (long seed = 1; seed <= SEEDS; seed++) {
      if (runOnce(seed, program) != expected) {
        wrong++;
        if (first < 0) {
          first = seed;
        }
      }
    }
    Out.println(
        version
            + ": "
            + wrong
            + " of "
            + SEEDS
            + " explored schedules are wrong"
            + (first < 0
                ? ""
                : " (first: seed " + first + ", gives " + runOnce(first, program) + ")"));
  }

  public static void main(String[] args) {
    report("without a lock", () -> twoDeposits(false), 115);
    report("with a lock", () -> twoDeposits(true), 115);
  }
}
