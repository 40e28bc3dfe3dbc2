package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of ps and pstree, from snapshots made by hand: exact, line by line. */
class TaskTablesTest {
  private static StackTraceElement at(String cls, String method, int line) {
    String file = cls.substring(cls.lastIndexOf('.') + 1) + ".java";
    return new StackTraceElement(cls, method, file, line);
  }

  private static final StackTraceElement AWAIT = at("io.jasyncio.Future", "await", 381);
  private static final StackTraceElement GATHER = at("io.jasyncio.Waits", "gather", 40);

  private static TaskSnapshot task(
      long id, String name, List<StackTraceElement> stack, Long... awaitedBy) {
    return new TaskSnapshot(
        id, name, TaskSnapshot.State.WAITING, stack, "<Future pending>", List.of(awaitedBy));
  }

  /** main gathers a handler (awaiting a query) and a pool (gathering two workers). */
  private static LoopSnapshot loop() {
    StackTraceElement mainBody = at("app.Main", "serve", 12);
    return new LoopSnapshot(
        "EventLoop@1",
        Engine.CONTINUATIONS,
        LoopSnapshot.Status.RUNNING,
        "main",
        1,
        0.5,
        List.of(
            task(1, "main", List.of(GATHER, mainBody)),
            task(2, "handler", List.of(AWAIT, at("app.Main", "handle", 20)), 1L),
            task(3, "query", List.of(AWAIT, at("app.Db", "query", 7)), 2L),
            task(4, "pool", List.of(GATHER, at("app.Main", "pool", 30)), 1L),
            task(5, "w1", List.of(at("app.Main", "work", 40)), 4L),
            task(6, "w2", List.of(at("app.Main", "work", 40)), 4L)),
        "",
        List.of());
  }

  @Test
  void psIsOneRowPerTaskAndAwaiterWithTheTopFramesInnermostFirst() {
    assertThat(LoopSnapshot.formatTable(List.of(loop())))
        .isEqualTo(
            """
            tid  task id  task name  state    coroutine stack              awaiter chain                awaiter name  awaiter id
            --------------------------------------------------------------------------------------------------------------------
            1    1        main       WAITING  Waits.gather -> Main.serve
            1    2        handler    WAITING  Future.await -> Main.handle  Waits.gather -> Main.serve   main          1
            1    3        query      WAITING  Future.await -> Db.query     Future.await -> Main.handle  handler       2
            1    4        pool       WAITING  Waits.gather -> Main.pool    Waits.gather -> Main.serve   main          1
            1    5        w1         WAITING  Main.work                    Waits.gather -> Main.pool    pool          4
            1    6        w2         WAITING  Main.work                    Waits.gather -> Main.pool    pool          4
            """);
  }

  @Test
  void pstreeNestsEachTaskUnderTheFramesWhereItsAwaiterWaitsOutermostFirst() {
    assertThat(LoopSnapshot.formatTree(List.of(loop())))
        .isEqualTo(
            """
            └── (T) main
                └── Main.serve Main.java:12
                    └── Waits.gather Waits.java:40
                        ├── (T) handler
                        │   └── Main.handle Main.java:20
                        │       └── Future.await Future.java:381
                        │           └── (T) query
                        │               └── Db.query Db.java:7
                        │                   └── Future.await Future.java:381
                        └── (T) pool
                            └── Main.pool Main.java:30
                                └── Waits.gather Waits.java:40
                                    ├── (T) w1
                                    │   └── Main.work Main.java:40
                                    └── (T) w2
                                        └── Main.work Main.java:40
            """);
  }

  @Test
  void aStackLongerThanFourFramesIsCutInTheTable() {
    List<StackTraceElement> deep =
        List.of(
            at("a.A", "f1", 1),
            at("a.A", "f2", 2),
            at("a.A", "f3", 3),
            at("a.A", "f4", 4),
            at("a.A", "f5", 5));
    LoopSnapshot s =
        new LoopSnapshot(
            "EventLoop@2",
            Engine.VIRTUAL_THREADS,
            LoopSnapshot.Status.RUNNING,
            "t",
            7,
            0,
            List.of(task(9, "deep", deep)),
            "",
            List.of());
    assertThat(LoopSnapshot.formatTable(List.of(s)).lines().toList().get(2))
        .isEqualTo("7    9        deep       WAITING  A.f1 -> A.f2 -> A.f3 -> A.f4 -> ...");
  }

  @Test
  void aCycleIsReportedWithTheNamesOfTheTasksInIt() {
    LoopSnapshot s =
        new LoopSnapshot(
            "EventLoop@3",
            Engine.CONTINUATIONS,
            LoopSnapshot.Status.RUNNING,
            "main",
            1,
            0,
            List.of(
                task(1, "root", List.of()),
                task(2, "x", List.of(AWAIT), 1L, 3L),
                task(3, "y", List.of(AWAIT), 2L)),
            "",
            List.of());
    assertThatThrownBy(() -> LoopSnapshot.formatTree(List.of(s)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("await-graph contains cycles - cannot print a tree!\n\ncycle: x → y → x");
  }

  @Test
  void noLoopSaysSo() {
    assertThat(LoopSnapshot.formatTree(List.of())).isEqualTo("(no event loop is running)\n");
    assertThat(LoopSnapshot.formatTable(List.of())).endsWith("\n(no event loop is running)\n");
  }
}
