package io.jasyncio;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.gather;
import static io.jasyncio.Asyncio.sleep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** getStack, printStack and the call graph: the same on both engines, no engine frames. */
class IntrospectionTest {
  static void leaf() {
    sleep(1);
  }

  static void middle() {
    leaf();
  }

  private static List<String> methods(List<StackTraceElement> frames) {
    return frames.stream().map(e -> e.getClassName() + "." + e.getMethodName()).toList();
  }

  private static <T> T onVirtualTime(Coroutine<T> main) {
    return Asyncio.runVirtualTime(main);
  }

  @Test
  void theStackOfASuspendedTaskIsItsAwaitAndTheCallsThatLedThereMostRecentFirst() {
    List<String> stack =
        onVirtualTime(
            () -> {
              Task<Void> t = createTask(IntrospectionTest::middle, "sleeper");
              sleep(0);
              List<String> s = methods(t.getStack());
              t.cancel();
              return s;
            });
    assertThat(stack)
        .containsSubsequence(
            "io.jasyncio.Asyncio.sleep",
            "io.jasyncio.IntrospectionTest.leaf",
            "io.jasyncio.IntrospectionTest.middle");
    assertThat(stack.get(stack.size() - 1)).isEqualTo("io.jasyncio.IntrospectionTest.middle");
    assertThat(stack)
        .noneMatch(m -> m.startsWith("jdk.") || m.startsWith("java."))
        .noneMatch(m -> m.startsWith("io.jasyncio.internal."))
        .noneMatch(
            m ->
                m.equals("io.jasyncio.Task.suspend")
                    || m.equals("io.jasyncio.Task$BodyRunner.run")
                    || m.equals("io.jasyncio.Task.runBody"));
  }

  @Test
  void aTaskNotStartedOrDoneHasNoStackAndTheRunningOneSeesItsOwnFrames() {
    List<Object> out =
        onVirtualTime(
            () -> {
              Task<Void> fresh = createTask(() -> {});
              List<StackTraceElement> before = fresh.getStack();
              fresh.await();
              Task<List<String>> self = createTask(() -> methods(Asyncio.currentTask().getStack()));
              return List.of(before, fresh.getStack(), self.await());
            });
    assertThat((List<?>) out.get(0)).isEmpty();
    assertThat((List<?>) out.get(1)).isEmpty();
    @SuppressWarnings("unchecked")
    List<String> self = (List<String>) out.get(2);
    assertThat(self).anyMatch(m -> m.startsWith("io.jasyncio.IntrospectionTest.lambda$"));
  }

  @Test
  void printStackNamesTheTaskThenItsFrames() {
    String text =
        onVirtualTime(
            () -> {
              Task<Void> t = createTask(IntrospectionTest::middle, "sleeper");
              sleep(0);
              ByteArrayOutputStream buf = new ByteArrayOutputStream();
              t.printStack(new PrintStream(buf, true, StandardCharsets.UTF_8));
              t.cancel();
              return buf.toString(StandardCharsets.UTF_8);
            });
    assertThat(text)
        .startsWith("Stack for <Task pending name='sleeper'")
        .contains("(most recent call first):\n\tat io.jasyncio.Asyncio.sleep")
        .contains("\tat io.jasyncio.IntrospectionTest.middle(IntrospectionTest.java:");
  }

  @Test
  void theCallGraphGoesFromATaskUpThroughGatherToTheTaskThatAwaitsIt() {
    String graph =
        onVirtualTime(
            () -> {
              Task<Void> a = createTask(IntrospectionTest::middle, "leaf-a");
              Task<Void> b = createTask(IntrospectionTest::middle, "leaf-b");
              Task<List<Object>> g = createTask(() -> gather(a, b), "gatherer");
              sleep(0);
              sleep(0);
              FutureCallGraph cg = Asyncio.captureCallGraph(a);
              assertThat(cg.future()).isSameAs(a);
              assertThat(cg.awaitedBy()).hasSize(1);
              FutureCallGraph gf = cg.awaitedBy().get(0);
              assertThat(gf.future()).isInstanceOf(GatheringFuture.class);
              assertThat(gf.callStack()).isEmpty();
              assertThat(gf.awaitedBy()).extracting(FutureCallGraph::future).containsExactly(g);
              g.cancel();
              return cg.format();
            });
    List<String> lines = graph.lines().toList();
    assertThat(lines.get(0)).matches("\\* Task\\(name='leaf-a', id=0x[0-9a-f]+\\)");
    assertThat(lines.get(1)).isEqualTo("+ Call stack:");
    assertThat(lines).contains("+ Awaited by:");
    assertThat(lines).anyMatch(l -> l.matches("   \\* GatheringFuture\\(id=0x[0-9a-f]+\\)"));
    assertThat(lines)
        .anyMatch(l -> l.matches("      \\* Task\\(name='gatherer', id=0x[0-9a-f]+\\)"));
    assertThat(lines).anyMatch(l -> l.matches("      \\|   at io.jasyncio.Waits.gather\\(.*"));
  }

  @Test
  void theCurrentTasksGraphStartsAtTheCallerAndShowsWhoAwaitsIt() {
    List<String> lines = new ArrayList<>();
    onVirtualTime(
        () -> {
          Task<Void> child =
              createTask(
                  () -> {
                    lines.addAll(Asyncio.captureCallGraph().format().lines().toList());
                  },
                  "child");
          child.await();
          return null;
        });
    assertThat(lines.get(0)).startsWith("* Task(name='child'");
    assertThat(lines.get(2)).startsWith("|   at io.jasyncio.IntrospectionTest.lambda$");
    assertThat(lines).anyMatch(l -> l.matches("   \\* Task\\(name='Task-\\d+', id=0x[0-9a-f]+\\)"));
    assertThat(lines).anyMatch(l -> l.startsWith("   |   at io.jasyncio.Future.await("));
  }

  @Test
  void aTaskStartingAnEagerTaskHasNoStackOnEitherEngine() {
    List<Integer> sizes =
        onVirtualTime(
            () -> {
              Task<?> creator = Asyncio.currentTask();
              List<Integer> out = new ArrayList<>();
              Asyncio.createTask(
                      () -> {
                        out.add(creator.getStack().size());
                      },
                      "eager",
                      true)
                  .await();
              out.add(creator.getStack().size() > 0 ? 1 : 0); // running again: its own frames
              return out;
            });
    assertThat(sizes).containsExactly(0, 1);
  }
}
