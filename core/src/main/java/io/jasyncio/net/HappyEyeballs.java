package io.jasyncio.net;

import static io.jasyncio.Asyncio.createTask;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 8305's connection race: asyncio's {@code staggered_race} for {@code create_connection}. */
final class HappyEyeballs {
  private HappyEyeballs() {}

  /**
   * Reorders {@code addresses} so that families alternate: {@code firstFamilyCount} of the first
   * family, then one of the next, and so on (asyncio's {@code _interleave_addrinfos}).
   */
  static List<InetSocketAddress> interleave(List<InetSocketAddress> addresses, int firstCount) {
    Map<Boolean, List<InetSocketAddress>> byFamily = new LinkedHashMap<>();
    for (InetSocketAddress a : addresses) {
      byFamily
          .computeIfAbsent(a.getAddress() instanceof Inet6Address, k -> new ArrayList<>())
          .add(a);
    }
    List<List<InetSocketAddress>> families = new ArrayList<>(byFamily.values());
    List<InetSocketAddress> out = new ArrayList<>(addresses.size());
    if (families.size() == 1) {
      return addresses;
    }
    List<InetSocketAddress> first = families.get(0);
    List<InetSocketAddress> rest = families.get(1);
    int head = Math.min(firstCount - 1, first.size());
    out.addAll(first.subList(0, head));
    int i = head;
    int j = 0;
    while (i < first.size() || j < rest.size()) {
      if (i < first.size()) {
        out.add(first.get(i++));
      }
      if (j < rest.size()) {
        out.add(rest.get(j++));
      }
    }
    return out;
  }

  /**
   * Starts an attempt per address, each {@code delay} seconds after the one before or at once when
   * it fails; returns the first channel connected, after cancelling the other attempts (a channel
   * one of them connects anyway is closed). If every attempt fails, throws the last error with the
   * others suppressed in it. Cancelled, it cancels every attempt and leaves no channel open.
   */
  static SocketChannel race(EventLoop loop, List<InetSocketAddress> addresses, double delay)
      throws IOException {
    Future<SocketChannel> winner = loop.createFuture();
    List<Task<SocketChannel>> attempts = new ArrayList<>();
    List<IOException> errors = new ArrayList<>();
    io.jasyncio.sync.Event changed = new io.jasyncio.sync.Event(); // an attempt ended
    try {
      int next = 0;
      while (!winner.isDone()) {
        if (next < addresses.size()) {
          InetSocketAddress a = addresses.get(next++);
          Task<SocketChannel> t = createTask(() -> Sockets.connectOne(a));
          attempts.add(t);
          t.addDoneCallback(
              done -> {
                if (done.isCancelled()) {
                  return;
                }
                Throwable exc = done.exception();
                if (exc == null) {
                  SocketChannel ch = done.result();
                  if (winner.isDone()) {
                    Sockets.close(ch); // lost the race
                  } else {
                    winner.setResult(ch);
                  }
                } else {
                  errors.add(
                      exc instanceof IOException io ? io : new IOException(exc.toString(), exc));
                }
                changed.set();
              });
        }
        boolean allStarted = next == addresses.size();
        boolean anyRunning = attempts.stream().anyMatch(t -> !t.isDone());
        if (allStarted && !anyRunning) {
          break;
        }
        if (!winner.isDone()) {
          try {
            if (allStarted) {
              changed.await();
            } else {
              io.jasyncio.Asyncio.waitFor(changed::await, delay);
            }
          } catch (java.util.concurrent.TimeoutException e) {
            // the delay passed: start the next attempt
          }
          changed.clear(); // the state is read from the attempts again at the top
        }
      }
    } finally {
      for (Task<SocketChannel> t : attempts) {
        if (!t.isDone()) {
          t.cancel();
        }
      }
      if (!winner.isDone()) {
        winner.cancel();
      }
    }
    if (winner.isDone() && !winner.isCancelled()) {
      return winner.result();
    }
    IOException failure =
        errors.isEmpty() ? new IOException("no address to connect to") : errors.getLast();
    for (IOException e : errors) {
      if (e != failure) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }
}
