package io.jasyncio.conformance;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.sync.Barrier;
import io.jasyncio.sync.BoundedSemaphore;
import io.jasyncio.sync.BrokenBarrierError;
import io.jasyncio.sync.Condition;
import io.jasyncio.sync.Event;
import io.jasyncio.sync.Held;
import io.jasyncio.sync.LifoQueue;
import io.jasyncio.sync.Lock;
import io.jasyncio.sync.PriorityQueue;
import io.jasyncio.sync.Queue;
import io.jasyncio.sync.QueueEmpty;
import io.jasyncio.sync.QueueFull;
import io.jasyncio.sync.Semaphore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Java twins: the synchronisation primitives (Lock, Event, Condition, Semaphore, BoundedSemaphore,
 * Barrier, the queues). Python's RuntimeError and ValueError are Java's IllegalStateException and
 * IllegalArgumentException; the twins print the Python name when they catch one.
 */
final class SyncScenarios {
  private SyncScenarios() {}

  // ---------------------------------------------------------------------------------- Lock

  @Scenario("sync_lock_fifo")
  static void lockFifo(Trace out) {
    class C {
      static void worker(Trace out, String name, Lock lock) {
        out.print(name, "wants, locked:", lock.locked());
        try (Held _ = lock.acquired()) {
          out.print(name, "holds, locked:", lock.locked());
          sleep(0);
          out.print(name, "releases");
        }
        out.print(name, "out, locked:", lock.locked());
      }
    }
    run(
        () -> {
          Lock lock = new Lock();
          out.print("start locked:", lock.locked());
          List<Task<Void>> ts = new ArrayList<>();
          for (String n : List.of("a", "b", "c")) {
            ts.add(createTask(() -> C.worker(out, n, lock)));
          }
          sleep(0);
          out.print("main sees locked:", lock.locked());
          gather(ts);
          out.print("end locked:", lock.locked());
          try (Held _ = lock.acquired()) {
            out.print("main holds, locked:", lock.locked());
          }
          out.print("main out, locked:", lock.locked());
        });
  }

  /** The waiter of the lock-cancellation scenarios. */
  private static void lockWaiter(Trace out, String name, Lock lock) {
    out.print(name, "waits");
    try {
      try (Held _ = lock.acquired()) {
        out.print(name, "holds");
        sleep(0);
      }
      out.print(name, "released");
    } catch (CancelledError e) {
      out.print(name, "cancelled, locked:", lock.locked());
      throw e;
    }
  }

  @Scenario("sync_lock_cancel_waiter")
  static void lockCancelWaiter(Trace out) {
    run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          out.print("main holds, locked:", lock.locked());
          Task<Void> a = createTask(() -> lockWaiter(out, "a", lock));
          Task<Void> b = createTask(() -> lockWaiter(out, "b", lock));
          sleep(0);
          out.print("cancel a:", a.cancel());
          sleep(0);
          out.print("a done:", a.isDone(), "cancelled:", a.isCancelled());
          lock.release();
          out.print("after release, locked:", lock.locked());
          b.await();
          out.print("b done, locked:", lock.locked());
          try {
            lock.release();
          } catch (IllegalStateException e) {
            out.print("release unlocked:", "RuntimeError");
          }
        });
  }

  @Scenario("sync_lock_cancel_after_handoff")
  static void lockCancelAfterHandoff(Trace out) {
    run(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> a = createTask(() -> lockWaiter(out, "a", lock));
          Task<Void> b = createTask(() -> lockWaiter(out, "b", lock));
          sleep(0);
          lock.release();
          out.print("released, locked:", lock.locked());
          out.print("cancel a:", a.cancel());
          Task<Void> c = createTask(() -> lockWaiter(out, "c", lock));
          b.await();
          c.await();
          out.print("a cancelled:", a.isCancelled(), "b done:", b.isDone(), "c done:", c.isDone());
          out.print("end locked:", lock.locked());
        });
  }

  // --------------------------------------------------------------------------------- Event

  @Scenario("sync_event_order")
  static void eventOrder(Trace out) {
    class C {
      static void waiter(Trace out, String name, Event ev) {
        out.print(name, "waits");
        boolean r = ev.await();
        out.print(name, "woke", r, "is_set", ev.isSet());
      }
    }
    run(
        () -> {
          Event ev = new Event();
          out.print("is_set", ev.isSet());
          List<Task<Void>> ts = new ArrayList<>();
          for (String n : List.of("w1", "w2", "w3")) {
            ts.add(createTask(() -> C.waiter(out, n, ev)));
          }
          sleep(0);
          ev.set();
          out.print("set, is_set", ev.isSet());
          ev.set();
          ev.clear();
          out.print("cleared, is_set", ev.isSet());
          gather(ts);
          out.print("all woke");
          ev.set();
          Task<Void> o = createTask(() -> out.print("other ran"));
          boolean r = ev.await();
          out.print("wait on set event returned", r, "other done:", o.isDone());
          o.await();
          ev.clear();
          Task<Void> w4 = createTask(() -> C.waiter(out, "w4", ev));
          sleep(0);
          out.print("w4 done:", w4.isDone());
          ev.set();
          w4.await();
          out.print("end");
        });
  }

  // ----------------------------------------------------------------------------- Condition

  @Scenario("sync_condition_notify")
  static void conditionNotify(Trace out) {
    class C {
      static void consumer(Trace out, String name, Condition cond, int[] n) {
        try (Held _ = cond.acquired()) {
          out.print(name, "waits");
          boolean r = cond.waitFor(() -> n[0] > 0);
          n[0]--;
          out.print(name, "got", r, "left", n[0], "locked", cond.locked());
        }
      }

      static void spin() {
        for (int i = 0; i < 6; i++) {
          sleep(0);
        }
      }
    }
    run(
        () -> {
          Condition cond = new Condition();
          int[] n = {0};
          try {
            cond.await();
          } catch (IllegalStateException e) {
            out.print("wait without lock:", "RuntimeError");
          }
          try {
            cond.signal();
          } catch (IllegalStateException e) {
            out.print("notify without lock:", "RuntimeError");
          }
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            String name = "c" + i;
            ts.add(createTask(() -> C.consumer(out, name, cond, n)));
          }
          C.spin();
          try (Held _ = cond.acquired()) {
            n[0] = 1;
            out.print("notify(1)");
            cond.signal(1);
          }
          C.spin();
          try (Held _ = cond.acquired()) {
            n[0] = 1;
            out.print("notify(2)");
            cond.signal(2);
          }
          C.spin();
          try (Held _ = cond.acquired()) {
            n[0] = 3;
            out.print("notify_all");
            cond.signalAll();
          }
          gather(ts);
          out.print("end n", n[0], "locked", cond.locked());
        });
  }

  @Scenario("sync_condition_cancel_passes_signal")
  static void conditionCancelPassesSignal(Trace out) {
    class C {
      static void consumer(Trace out, String name, Condition cond, int[] n) {
        try (Held _ = cond.acquired()) {
          try {
            cond.waitFor(
                () -> {
                  out.print(name, "checks", n[0]);
                  return n[0] > 0;
                });
            n[0]--;
            out.print(name, "got one, left", n[0]);
          } catch (CancelledError e) {
            out.print(name, "cancelled, locked", cond.locked());
            throw e;
          }
        }
      }
    }
    run(
        () -> {
          Condition cond = new Condition();
          int[] n = {0};
          Task<Void> c0 = createTask(() -> C.consumer(out, "c0", cond, n));
          Task<Void> c1 = createTask(() -> C.consumer(out, "c1", cond, n));
          for (int i = 0; i < 3; i++) {
            sleep(0);
          }
          out.print("cancel c0");
          c0.cancel();
          for (int i = 0; i < 4; i++) {
            sleep(0);
          }
          try (Held _ = cond.acquired()) {
            n[0] = 1;
            out.print("notify(1)");
            cond.signal(1);
          }
          gather(List.of(c0, c1), true);
          out.print("c0 cancelled", c0.isCancelled(), "n", n[0]);
        });
  }

  @Scenario("sync_condition_cancel_while_reacquiring")
  static void conditionCancelWhileReacquiring(Trace out) {
    class C {
      static void consumer(Trace out, String name, Condition cond, List<String> items) {
        try (Held _ = cond.acquired()) {
          try {
            cond.waitFor(() -> !items.isEmpty());
            out.print(name, "took", items.removeLast());
          } catch (CancelledError e) {
            out.print(name, "cancelled, holds the lock again:", cond.locked());
            throw e;
          }
        }
      }
    }
    run(
        () -> {
          Condition cond = new Condition();
          List<String> items = new ArrayList<>();
          Task<Void> c0 = createTask(() -> C.consumer(out, "c0", cond, items));
          Task<Void> c1 = createTask(() -> C.consumer(out, "c1", cond, items));
          for (int i = 0; i < 3; i++) {
            sleep(0);
          }
          try (Held _ = cond.acquired()) {
            items.add("order");
            out.print("notify(1)");
            cond.signal(1);
            sleep(0); // c0 wakes and queues for the lock, which main still holds
            sleep(0);
            out.print("cancel c0");
            c0.cancel();
          }
          try {
            waitFor(c1, 5);
          } catch (java.util.concurrent.TimeoutException e) {
            out.print("c1 never woke: the notification was lost");
          }
          gather(List.of(c0), true);
          out.print("items", items, "c0 cancelled", c0.isCancelled());
        });
  }

  // ----------------------------------------------------------------------------- Semaphore

  @Scenario("sync_semaphore_fifo")
  static void semaphoreFifo(Trace out) {
    class C {
      static void worker(Trace out, String name, Semaphore sem) {
        out.print(name, "wants, locked:", sem.locked());
        try (Held _ = sem.acquired()) {
          out.print(name, "in, locked:", sem.locked());
          sleep(0);
          sleep(0);
          out.print(name, "out");
        }
      }
    }
    run(
        () -> {
          Semaphore sem = new Semaphore(2);
          out.print("start locked:", sem.locked());
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            String name = "t" + i;
            ts.add(createTask(() -> C.worker(out, name, sem)));
          }
          sleep(0);
          out.print("main sees locked:", sem.locked());
          gather(ts);
          out.print("end locked:", sem.locked());
        });
  }

  @Scenario("sync_semaphore_cancel")
  static void semaphoreCancel(Trace out) {
    class C {
      static void waiter(Trace out, String name, Semaphore sem) {
        out.print(name, "waits");
        try {
          try (Held _ = sem.acquired()) {
            out.print(name, "in, locked:", sem.locked());
            sleep(0);
          }
          out.print(name, "out");
        } catch (CancelledError e) {
          out.print(name, "cancelled, locked:", sem.locked());
          throw e;
        }
      }
    }
    run(
        () -> {
          Semaphore sem = new Semaphore(1);
          sem.acquire();
          Map<String, Task<Void>> ts = new LinkedHashMap<>();
          for (String n : List.of("a", "b", "c", "d")) {
            ts.put(n, createTask(() -> C.waiter(out, n, sem)));
          }
          sleep(0);
          out.print("cancel c (waiting):", ts.get("c").cancel());
          sleep(0);
          out.print("locked:", sem.locked());
          sem.release();
          out.print("released, locked:", sem.locked());
          out.print("cancel a (handed a permit):", ts.get("a").cancel());
          for (String n : List.of("a", "b", "c", "d")) {
            try {
              ts.get(n).await();
              out.print(n, "finished");
            } catch (CancelledError e) {
              out.print(n, "was cancelled");
            }
          }
          out.print("end locked:", sem.locked());
          sem.acquire();
          out.print("main acquired again, locked:", sem.locked());
          sem.release();
          out.print("end2 locked:", sem.locked());
        });
  }

  @Scenario("sync_bounded_semaphore")
  static void boundedSemaphore(Trace out) {
    run(
        () -> {
          BoundedSemaphore sem = new BoundedSemaphore(2);
          try {
            sem.release();
          } catch (IllegalStateException e) {
            out.print("over-release at start:", "ValueError");
          }
          sem.acquire();
          out.print("one acquired, locked:", sem.locked());
          sem.acquire();
          out.print("two acquired, locked:", sem.locked());
          sem.release();
          sem.release();
          out.print("both released, locked:", sem.locked());
          try {
            sem.release();
          } catch (IllegalStateException e) {
            out.print("over-release:", "ValueError");
          }
          out.print("still usable, locked:", sem.locked());
          try (Held _ = sem.acquired()) {
            out.print("in, locked:", sem.locked());
          }
          try {
            new Semaphore(-1);
          } catch (IllegalArgumentException e) {
            out.print("negative value:", "ValueError");
          }
        });
  }

  @Scenario("sync_semaphore_wakes_all_it_can")
  static void semaphoreWakesAllItCan(Trace out) {
    class C {
      static void worker(Trace out, String name, Semaphore sem, List<String> log) {
        out.print(name, "wants, locked", sem.locked());
        sem.acquire();
        out.print(name, "acquired");
        log.add(name);
      }
    }
    run(
        () -> {
          Semaphore sem = new Semaphore(0);
          List<String> log = new ArrayList<>();
          Task<Void> a = createTask(() -> C.worker(out, "a", sem, log));
          sleep(0);
          Task<Void> c = createTask(() -> C.worker(out, "c", sem, log));
          Task<Void> d = createTask(() -> C.worker(out, "d", sem, log));
          Task<Void> e = createTask(() -> C.worker(out, "e", sem, log));
          sem.release();
          sem.release();
          sem.release();
          out.print("released 3, locked", sem.locked());
          for (int i = 0; i < 4; i++) {
            sleep(0);
            out.print("tick", i, "order", log, "locked", sem.locked());
          }
          e.cancel();
          gather(List.of(a, c, d, e), true);
          out.print("end locked", sem.locked(), "order", log, "e cancelled", e.isCancelled());
        });
  }

  // ------------------------------------------------------------------------------- Barrier

  @Scenario("sync_barrier")
  static void barrier(Trace out) {
    class C {
      static int party(Trace out, String name, Barrier b) {
        out.print(name, "arrives, n_waiting", b.nWaiting());
        int i;
        try {
          i = b.await();
        } catch (BrokenBarrierError e) {
          out.print(name, "broken:", e.getClass().getSimpleName());
          return -1;
        }
        out.print(name, "passes, index", i);
        return i;
      }

      static List<Task<Integer>> parties(Trace out, String prefix, int k, Barrier b) {
        List<Task<Integer>> ts = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          String name = prefix + i;
          ts.add(createTask(() -> party(out, name, b)));
        }
        return ts;
      }
    }
    run(
        () -> {
          Barrier b = new Barrier(3);
          out.print("parties", b.parties(), "n_waiting", b.nWaiting(), "broken", b.broken());
          for (int r = 1; r <= 2; r++) {
            List<Integer> res = gather(C.parties(out, "r" + r + "p", 3, b));
            out.print("round", r, res, "n_waiting", b.nWaiting(), "broken", b.broken());
          }
          List<Task<Integer>> ts = C.parties(out, "x", 2, b);
          sleep(0);
          out.print("before abort n_waiting", b.nWaiting());
          b.abort();
          out.print("aborted, broken", b.broken());
          out.print("results", gather(ts));
          out.print("late party", C.party(out, "late", b));
          b.reset();
          out.print("reset, broken", b.broken(), "n_waiting", b.nWaiting());
          ts = C.parties(out, "y", 2, b);
          sleep(0);
          b.reset();
          out.print("reset with waiters, broken", b.broken());
          out.print("results", gather(ts));
          ts = C.parties(out, "z", 3, b);
          out.print("results", gather(ts), "broken", b.broken());
        });
  }

  // -------------------------------------------------------------------------------- Queues

  @Scenario("sync_queue_fifo_lifo_priority")
  static void queueFifoLifoPriority(Trace out) {
    class C {
      static void drain(Trace out, String name, Queue<Integer> q) {
        List<Integer> got = new ArrayList<>();
        while (!q.empty()) {
          got.add(q.get());
        }
        out.print(name, got);
      }
    }
    run(
        () -> {
          Map<String, IntFunction<Queue<Integer>>> kinds = new LinkedHashMap<>();
          kinds.put("fifo", Queue::new);
          kinds.put("lifo", LifoQueue::new);
          kinds.put("priority", PriorityQueue::new);
          for (var kind : kinds.entrySet()) {
            String name = kind.getKey();
            Queue<Integer> q = kind.getValue().apply(4);
            out.print(
                name,
                "maxsize",
                q.maxsize(),
                "qsize",
                q.qsize(),
                "empty",
                q.empty(),
                "full",
                q.full());
            for (int x : List.of(3, 1, 4)) {
              q.put(x);
            }
            q.putNowait(2);
            out.print(name, "qsize", q.qsize(), "empty", q.empty(), "full", q.full());
            try {
              q.putNowait(9);
            } catch (QueueFull e) {
              out.print(name, "put_nowait on full:", e.getClass().getSimpleName());
            }
            out.print(name, "first", q.getNowait(), "full", q.full());
            C.drain(out, name, q);
            try {
              q.getNowait();
            } catch (QueueEmpty e) {
              out.print(name, "get_nowait on empty:", e.getClass().getSimpleName());
            }
          }
          Queue<Integer> q = new Queue<>();
          for (int x = 0; x < 100; x++) {
            q.putNowait(x);
          }
          out.print("unbounded qsize", q.qsize(), "full", q.full(), "maxsize", q.maxsize());
          Queue<Integer> pq = new PriorityQueue<>();
          for (int x : List.of(5, 9, 1, 7, 3, 8, 2, 6, 4, 0)) {
            pq.putNowait(x);
          }
          C.drain(out, "priority10", pq);
        });
  }

  @Scenario("sync_queue_bounded_waiters")
  static void queueBoundedWaiters(Trace out) {
    class C {
      static void producer(Trace out, String name, Queue<Integer> q, List<Integer> items) {
        for (int x : items) {
          out.print(name, "puts", x, "full", q.full());
          q.put(x);
          out.print(name, "put", x, "qsize", q.qsize());
        }
        out.print(name, "done");
      }

      static List<Integer> consumer(Trace out, Queue<Integer> q, int n) {
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int x = q.get();
          out.print("consumer got", x, "qsize", q.qsize());
          got.add(x);
          sleep(0);
        }
        return got;
      }
    }
    run(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          Task<Void> p1 = createTask(() -> C.producer(out, "p1", q, List.of(1, 2, 3)));
          Task<Void> p2 = createTask(() -> C.producer(out, "p2", q, List.of(10, 20, 30)));
          Task<List<Integer>> c = createTask(() -> C.consumer(out, q, 6));
          List<Integer> got = c.await();
          p1.await();
          p2.await();
          out.print("got", got, "qsize", q.qsize());
        });
  }

  @Scenario("sync_queue_join")
  static void queueJoin(Trace out) {
    class C {
      static void consumer(Trace out, String name, Queue<Object> q) {
        while (true) {
          Object x = q.get();
          out.print(name, "got", x);
          sleep(0);
          out.print(name, "done with", x);
          q.taskDone();
        }
      }
    }
    run(
        () -> {
          Queue<Object> q = new Queue<>();
          q.join();
          out.print("join on fresh queue returned");
          List<Task<Void>> cs = new ArrayList<>();
          for (String n : List.of("c1", "c2")) {
            cs.add(createTask(() -> C.consumer(out, n, q)));
          }
          for (int x = 0; x < 5; x++) {
            q.put(x);
          }
          out.print("all put, qsize", q.qsize());
          q.join();
          out.print("joined, qsize", q.qsize());
          for (Task<Void> c : cs) {
            c.cancel();
          }
          for (Task<Void> c : cs) {
            try {
              c.await();
            } catch (CancelledError e) {
              out.print("consumer cancelled");
            }
          }
          q.putNowait("x");
          out.print("get", q.getNowait());
          q.taskDone();
          q.join();
          out.print("joined again");
          try {
            q.taskDone();
          } catch (IllegalStateException e) {
            out.print("task_done too many:", "ValueError");
          }
        });
  }

  @Scenario("sync_queue_cancel_getter")
  static void queueCancelGetter(Trace out) {
    class C {
      static String getter(Trace out, String name, Queue<String> q) {
        out.print(name, "waits");
        String x;
        try {
          x = q.get();
        } catch (CancelledError e) {
          out.print(name, "cancelled, qsize", q.qsize());
          throw e;
        }
        out.print(name, "got", x);
        return x;
      }
    }
    run(
        () -> {
          Queue<String> q = new Queue<>();
          Map<String, Task<String>> ts = new LinkedHashMap<>();
          for (String n : List.of("g1", "g2", "g3", "g4")) {
            ts.put(n, createTask(() -> C.getter(out, n, q)));
          }
          sleep(0);
          out.print("cancel g1 (waiting):", ts.get("g1").cancel());
          sleep(0);
          q.putNowait("A");
          out.print("put A, cancel g2 (woken):", ts.get("g2").cancel());
          sleep(0);
          sleep(0);
          q.putNowait("B");
          for (String n : List.of("g1", "g2", "g3", "g4")) {
            try {
              out.print(n, "result", ts.get(n).await());
            } catch (CancelledError e) {
              out.print(n, "was cancelled");
            }
          }
          out.print("qsize", q.qsize(), "empty", q.empty());
        });
  }
}
