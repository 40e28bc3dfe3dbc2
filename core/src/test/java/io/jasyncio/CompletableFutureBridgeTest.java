package io.jasyncio;

import static io.jasyncio.Asyncio.await;
import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.runCoroutineThreadsafe;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crossing threads: {@code runCoroutineThreadsafe}, {@code await(CompletionStage)}, {@code
 * Future.toCompletableFuture()}, and {@code toThread} work cut short by a cancellation.
 */
class CompletableFutureBridgeTest {
  private EventLoop loop;
  private Thread loopThread;
  private final List<ExceptionContext> reported = new ArrayList<>();
  private final CompletableFuture<Void> stop = new CompletableFuture<>();

  /** A loop running on its own thread until the test ends, as a server's loop would. */
  @BeforeEach
  void startLoop() throws InterruptedException {
    CountDownLatch up = new CountDownLatch(1);
    loop = new EventLoop();
    loop.setExceptionHandler((l, c) -> reported.add(c));
    loopThread =
        Thread.ofPlatform()
            .name("test-loop")
            .start(
                () ->
                    loop.runUntilComplete(
                        loop.createTask(
                            () -> {
                              up.countDown();
                              await(stop);
                            })));
    assertThat(up.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterEach
  void stopLoop() throws InterruptedException {
    stop.complete(null);
    loopThread.join(10_000);
    assertThat(loopThread.isAlive()).as("the loop ended").isFalse();
    loop.close();
    assertThat(reported).as("nothing reported to the exception handler").isEmpty();
  }

  @Test
  void aCoroutineRunsOnTheLoopAndItsResultReachesAnotherThread() throws Exception {
    CompletableFuture<String> cf =
        runCoroutineThreadsafe(
            () -> {
              sleep(0.01);
              return Thread.currentThread() == loopThread || loop.engine() != Engine.CONTINUATIONS
                  ? "on the loop"
                  : "elsewhere";
            },
            loop);
    assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo("on the loop");
  }

  @Test
  void itsExceptionCompletesTheFutureAndCountsAsRetrieved() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<String> cf =
        runCoroutineThreadsafe(
            () -> {
              throw boom;
            },
            loop);
    assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
    // stopLoop checks that no "exception was never retrieved" was reported
  }

  @Test
  void cancellingTheFutureCancelsTheTask() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    CompletableFuture<Void> cf =
        runCoroutineThreadsafe(
            () -> {
              running.countDown();
              try {
                sleep(3600);
              } catch (CancelledError e) {
                cancelled.countDown();
                throw e;
              }
            },
            loop);
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cf.cancel(true)).isTrue();
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).as("the task saw CancelledError").isTrue();
  }

  @Test
  void completingTheFutureFirstCancelsTheTaskAsATimeoutDoes() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    CompletableFuture<String> cf =
        runCoroutineThreadsafe(
            () -> {
              try {
                sleep(3600);
                return "late";
              } catch (CancelledError e) {
                cancelled.countDown();
                throw e;
              }
            },
            loop);
    cf.orTimeout(50, TimeUnit.MILLISECONDS);
    assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(TimeoutException.class);
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aTaskCancelledOnTheLoopCancelsTheFuture() {
    CompletableFuture<Void> cf =
        runCoroutineThreadsafe(
            () -> {
              Asyncio.currentTask().cancel("from inside");
              sleep(0);
            },
            loop);
    assertThatThrownBy(() -> cf.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    assertThat(cf.isCancelled()).isTrue();
  }

  @Test
  void aFutureCancelledBeforeTheLoopGotToItNeverRunsTheBody() {
    AtomicBoolean ran = new AtomicBoolean();
    try (EventLoop idle = new EventLoop()) {
      CompletableFuture<Void> cf = runCoroutineThreadsafe(() -> ran.set(true), idle);
      cf.cancel(false);
      idle.runUntilComplete(idle.createTask(() -> sleep(0.01)));
      assertThat(ran).isFalse();
      assertThat(idle.allTasks()).isEmpty();
    }
  }

  @Test
  void aClosedLoopIsAClearError() {
    EventLoop closed = new EventLoop();
    closed.close();
    assertThatThrownBy(() -> runCoroutineThreadsafe(() -> "x", closed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aTaskAwaitsACompletionStageCompletedByAnotherThread() throws Exception {
    CompletableFuture<String> external = new CompletableFuture<>();
    CompletableFuture<String> cf = runCoroutineThreadsafe(() -> "got " + await(external), loop);
    Thread.ofVirtual().start(() -> external.complete("it"));
    assertThat(cf.get(10, TimeUnit.SECONDS)).isEqualTo("got it");
  }

  @Test
  void aStageFailureIsRethrownUnwrapped() {
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    CompletableFuture<String> failing =
        CompletableFuture.supplyAsync(
            () -> {
              throw bad;
            });
    Object caught =
        run(
            () -> {
              try {
                return await(failing);
              } catch (IllegalArgumentException e) {
                return e;
              }
            });
    assertThat(caught).isSameAs(bad);
  }

  @Test
  void cancellingTheAwaitingTaskCancelsTheStageAndACancelledStageCancelsTheTask() {
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<String> cancelledOutside = new CompletableFuture<>();
    run(
        () -> {
          Task<String> t = createTask(() -> await(never));
          sleep(0);
          t.cancel();
          assertThatThrownBy(t::await).isInstanceOf(CancelledError.class);
          Task<String> u = createTask(() -> await(cancelledOutside));
          sleep(0);
          cancelledOutside.cancel(true);
          assertThatThrownBy(u::await).isInstanceOf(CancelledError.class);
        });
    assertThat(never.isCancelled()).as("the awaited stage was cancelled").isTrue();
  }

  @Test
  void onVirtualTimeAStageHoldsTheClockSoARealExchangeDoesNotTimeOut() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/slow",
        ex -> {
          try {
            Thread.sleep(300); // real time: far more than the loop takes to jump 2 virtual seconds
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "slow hello".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow");
      double[] at = new double[1];
      String body =
          runVirtualTime(
              () -> {
                String b =
                    waitFor(
                        () ->
                            await(
                                    client.sendAsync(
                                        HttpRequest.newBuilder(uri).build(),
                                        HttpResponse.BodyHandlers.ofString()))
                                .body(),
                        2.0);
                at[0] = Asyncio.getRunningLoop().time();
                return b;
              });
      assertThat(body).isEqualTo("slow hello");
      assertThat(at[0]).as("virtual time did not move while the exchange ran").isLessThan(2.0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aFutureSeenAsACompletableFutureFromAnotherThread() throws Exception {
    CompletableFuture<CompletableFuture<Integer>> viewOf = new CompletableFuture<>();
    CountDownLatch cancelled = new CountDownLatch(1);
    CompletableFuture<Void> driver =
        runCoroutineThreadsafe(
            () -> {
              Task<Integer> t = createTask(() -> 42);
              viewOf.complete(t.toCompletableFuture());
              Task<Void> sleeper =
                  createTask(
                      () -> {
                        try {
                          sleep(3600);
                        } catch (CancelledError e) {
                          cancelled.countDown();
                          throw e;
                        }
                      });
              CompletableFuture<Void> sv = sleeper.toCompletableFuture();
              sleep(0);
              Thread.ofVirtual().start(() -> sv.cancel(true));
              assertThatThrownBy(sleeper::await).isInstanceOf(CancelledError.class);
            },
            loop);
    assertThat(viewOf.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isEqualTo(42);
    driver.get(10, TimeUnit.SECONDS);
    assertThat(cancelled.getCount()).isZero();
  }

  @Test
  void aTimeoutInterruptsBlockingToThreadWorkSoRunDoesNotWaitForIt() throws Exception {
    AtomicReference<Throwable> workerSaw = new AtomicReference<>();
    CountDownLatch workerEnded = new CountDownLatch(1);
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        HttpClient client = HttpClient.newHttpClient()) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try (Socket s = silent.accept()) {
                      s.getInputStream().readAllBytes(); // reads the request, never answers
                    } catch (java.io.IOException e) {
                      // the client went away
                    }
                  });
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/never");
      Object outcome =
          run(
              () -> {
                try {
                  return waitFor(
                      () ->
                          Asyncio.toThread(
                              () -> {
                                try {
                                  return client.send(
                                      HttpRequest.newBuilder(uri).build(),
                                      HttpResponse.BodyHandlers.ofString());
                                } catch (Throwable t) {
                                  workerSaw.set(t);
                                  throw t;
                                } finally {
                                  workerEnded.countDown();
                                }
                              }),
                      0.3);
                } catch (TimeoutException e) {
                  return e;
                }
              });
      assertThat(outcome).isInstanceOf(TimeoutException.class);
      assertThat(workerEnded.getCount()).as("run() returned after the worker ended").isZero();
      assertThat(workerSaw.get()).isInstanceOf(InterruptedException.class);
      acceptor.interrupt();
    }
  }

  @Test
  void anInterruptNeverReachesTheNextJobOfAPooledThreadAndAJobNotStartedNeverStarts()
      throws Exception {
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean secondRan = new AtomicBoolean();
      AtomicReference<String> firstSaw = new AtomicReference<>();
      CountDownLatch firstStarted = new CountDownLatch(1);
      AtomicReference<Boolean> thirdSawInterrupt = new AtomicReference<>();
      run(
          () -> {
            EventLoop l = Asyncio.getRunningLoop();
            Future<String> first =
                l.runInExecutor(
                    one,
                    () -> {
                      try {
                        firstStarted.countDown();
                        release.await();
                        return "released";
                      } catch (InterruptedException e) {
                        firstSaw.set("interrupted");
                        return "interrupted";
                      }
                    });
            Future<String> second =
                l.runInExecutor(
                    one,
                    () -> {
                      secondRan.set(true);
                      return "second";
                    });
            while (firstStarted.getCount() > 0) {
              sleep(0.005); // until the first job runs: the second is queued behind it
            }
            second.cancel(); // queued behind the first: it must never run
            first.cancel(); // running: interrupted
            sleep(0.05);
            Future<Boolean> third =
                l.runInExecutor(one, () -> Thread.currentThread().isInterrupted());
            thirdSawInterrupt.set(waitFor(third, 10));
          });
      release.countDown();
      assertThat(firstSaw.get()).isEqualTo("interrupted");
      assertThat(secondRan).isFalse();
      assertThat(thirdSawInterrupt.get()).isFalse();
    } finally {
      one.shutdownNow();
      assertThat(one.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void onVirtualTimeAStageCompletedByATaskOfTheSameLoopAfterASleepDoesNotHang() {
    // the stage holds the clock softly: after -Djasyncio.stageHoldMillis (1 s) of real time the
    // clock jumps anyway, so the sleeping task completes it
    double[] at = new double[1];
    String got =
        runVirtualTime(
            () -> {
              CompletableFuture<String> cf = new CompletableFuture<>();
              createTask(
                  () -> {
                    sleep(1);
                    cf.complete("done");
                  });
              String r = await(cf);
              at[0] = Asyncio.getRunningLoop().time();
              return r;
            });
    assertThat(got).isEqualTo("done");
    assertThat(at[0]).isEqualTo(1.0);
  }

  @Test
  void aMirrorOfTheSameLoopIsAwaitedDirectlyWithoutHoldingTheClock() {
    Object[] out =
        runVirtualTime(
            () -> {
              Task<Integer> t =
                  createTask(
                      () -> {
                        sleep(1);
                        return 7;
                      });
              CompletableFuture<Integer> cf = t.toCompletableFuture();
              Future<Integer> f = Asyncio.wrapFuture(cf);
              return new Object[] {f == t, await(cf), Asyncio.getRunningLoop().time()};
            });
    assertThat(out).containsExactly(true, 7, 1.0);
  }

  @Test
  void onVirtualTimeATimeoutStillFiresAroundAStageNobodyCompletes() {
    Object outcome =
        runVirtualTime(
            () -> {
              try {
                return waitFor(Asyncio.wrapFuture(new CompletableFuture<String>()), 1.0);
              } catch (TimeoutException e) {
                return e.getMessage();
              }
            });
    assertThat(outcome)
        .isEqualTo("timed out after 1 s of virtual time (deadline: loop time 1.000)");
  }

  @Test
  void minimalStagesAreAwaited() {
    CompletableFuture<String> later = new CompletableFuture<>();
    List<String> got =
        run(
            () -> {
              String a = await(CompletableFuture.completedStage("now"));
              Thread.ofVirtual().start(() -> later.complete("later"));
              String b = await(later.minimalCompletionStage());
              return List.of(a, b);
            });
    assertThat(got).containsExactly("now", "later");
  }

  @Test
  void closingTheLoopSettlesEveryCompletableFutureOfIt() {
    EventLoop l = new EventLoop();
    CompletableFuture<String> started =
        runCoroutineThreadsafe(
            () -> {
              sleep(10);
              return "x";
            },
            l);
    l.runUntilComplete(l.createTask(() -> sleep(0.01)));
    Task<String> pending =
        l.createTask(
            () -> {
              sleep(10);
              return "y";
            });
    CompletableFuture<String> viewed = pending.toCompletableFuture();
    Task<String> done = l.createTask(() -> "done");
    l.runUntilComplete(done);
    CompletableFuture<String> neverStarted = runCoroutineThreadsafe(() -> "z", l);
    CompletableFuture<String> ofDone = done.toCompletableFuture();
    l.close();
    assertThat(started).isCancelled();
    assertThat(viewed).isCancelled();
    assertThat(neverStarted).isCancelled();
    assertThat(ofDone).isCompletedWithValue("done");
    assertThat(pending.toCompletableFuture()).as("made after close").isCancelled();
  }
}
