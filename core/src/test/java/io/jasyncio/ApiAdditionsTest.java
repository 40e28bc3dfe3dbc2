package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.runVirtualTime;
import static io.jasyncio.Asyncio.sleep;
import static io.jasyncio.Asyncio.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** asyncio behaviour users reach for: lambdas in gather and waitFor, a task's own context. */
class ApiAdditionsTest {
  static String slow(String s) {
    sleep(1);
    return s;
  }

  @Test
  void gatherAndWaitForTakeLambdasWithoutACast() throws Exception {
    List<String> log = new ArrayList<>();
    List<Object> r =
        runVirtualTime(
            () -> {
              List<Object> values = gather(() -> slow("a"), () -> "b");
              List<Object> nothing = gather(() -> log.add("x"), () -> sleep(0.5));
              String fast = waitFor(() -> slow("c"), 2);
              assertThatThrownBy(() -> waitFor(() -> slow("d"), 0.5))
                  .isInstanceOf(TimeoutException.class);
              waitFor(() -> sleep(0.1), 1);
              List<Object> all = new ArrayList<>(values);
              all.add(fast);
              all.add(nothing.size());
              return all;
            });
    assertThat(r).containsExactly("a", "b", "c", 2);
    assertThat(log).containsExactly("x");
  }

  @Test
  void aTaskCreatedWithAContextRunsInThatContextItself() {
    ContextVar<String> request = new ContextVar<>("request");
    runVirtualTime(
        () -> {
          request.set("outer");
          Context ctx = Context.copyContext();
          createTask(() -> request.set("set in the task"), "t", ctx).await();
          assertThat(ctx.get(request)).isEqualTo("set in the task");
          assertThat(request.get()).as("the creator's own context").isEqualTo("outer");
          TaskGroup tg = new TaskGroup();
          Context other = new Context();
          tg.run(() -> tg.createTask(() -> request.set("in the group"), null, other));
          assertThat(other.get(request)).isEqualTo("in the group");
          assertThat(new Context().get(request)).isNull();
          assertThat(new Context().get(request, "fallback")).isEqualTo("fallback");
        });
  }

  @Test
  void exceptionGroupSplitKeepsNestingMessageAndCause() {
    IllegalStateException cause = new IllegalStateException("cause");
    ExceptionGroup inner =
        new ExceptionGroup("inner", List.of(new ArithmeticException("a"), new RuntimeException()));
    ExceptionGroup eg = new ExceptionGroup("outer", List.of(new ArithmeticException("b"), inner));
    eg.initCause(cause);
    ExceptionGroup.Split s = eg.split(ArithmeticException.class);
    assertThat(s.match()).isNotNull();
    assertThat(s.match().groupMessage()).isEqualTo("outer");
    assertThat(s.match().getCause()).isSameAs(cause);
    assertThat(s.match().exceptions()).hasSize(2);
    assertThat(((ExceptionGroup) s.match().exceptions().get(1)).exceptions())
        .singleElement()
        .isInstanceOf(ArithmeticException.class);
    assertThat(s.rest()).isNotNull();
    assertThat(s.rest().exceptions()).singleElement().isInstanceOf(ExceptionGroup.class);
    assertThat(eg.subgroup(RuntimeException.class)).isSameAs(eg);
    assertThat(eg.subgroup(java.io.IOException.class)).isNull();
    assertThat(Arrays.asList(eg.getStackTrace()))
        .isEqualTo(Arrays.asList(s.match().getStackTrace()));
  }
}
