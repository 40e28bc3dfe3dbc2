package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.run;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ScopedValue bindings belong to threads, not tasks. On the continuations engine every task runs on
 * the loop thread, so awaiting inside a scope is refused at the await point instead of leaking the
 * binding to the other tasks; scopes that close before an await are fine on both engines.
 */
class ScopedValueTest {
  static final ScopedValue<String> USER = ScopedValue.newInstance();

  @Test
  void aScopeClosedBeforeTheAwaitIsFineOnAFreshThread() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Thread fresh =
        Thread.ofPlatform()
            .start(
                () ->
                    run(
                        () -> {
                          Task<Void> t =
                              createTask(
                                  () -> {
                                    log.add(ScopedValue.where(USER, "ann").call(USER::get));
                                    sleep(0.001);
                                    log.add("after await bound: " + USER.isBound());
                                  });
                          Task<Void> u =
                              createTask(
                                  () -> {
                                    ScopedValue.where(USER, "bob").run(() -> log.add(USER.get()));
                                    sleep(0.001);
                                    log.add("u done");
                                  });
                          gather(t, u);
                        }));
    fresh.join();
    assertThat(log).containsExactly("ann", "bob", "after await bound: false", "u done");
  }

  @Test
  void aBindingAroundRunIsKeptAcrossAwaitsWhereTheEngineSeesIt() {
    List<String> log = new ArrayList<>();
    ScopedValue.where(USER, "outer")
        .run(
            () ->
                run(
                    () -> {
                      boolean before = USER.isBound();
                      ScopedValue.where(USER, "inner").run(() -> log.add(USER.get()));
                      sleep(0.001);
                      log.add("same after await: " + (USER.isBound() == before));
                    }));
    assertThat(log).containsExactly("inner", "same after await: true");
  }

  @Test
  void awaitingInsideAScopeIsRefusedOnContinuationsAndKeptOnVirtualThreads() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Engine engine =
        run(
            () -> {
              Task<String> holder =
                  createTask(
                      () ->
                          ScopedValue.where(USER, "secret")
                              .call(
                                  () -> {
                                    sleep(0.01);
                                    return "holder still sees " + USER.get();
                                  }));
              Task<Void> other =
                  createTask(
                      () -> {
                        sleep(0.001);
                        log.add("other sees " + (USER.isBound() ? USER.get() : "nothing"));
                      });
              try {
                log.add(holder.await());
              } catch (IllegalStateException e) {
                log.add(e.getMessage());
              }
              other.await();
              return Asyncio.getRunningLoop().engine();
            });
    if (engine == Engine.CONTINUATIONS) {
      assertThat(log).hasSize(2);
      assertThat(log.get(0))
          .startsWith("a task cannot suspend inside a ScopedValue scope")
          .contains("ContextVar");
      assertThat(log.get(1)).isEqualTo("other sees nothing");
    } else {
      assertThat(log).containsExactly("other sees nothing", "holder still sees secret");
    }
  }
}
