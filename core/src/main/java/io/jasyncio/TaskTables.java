package io.jasyncio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of {@code ps} and {@code pstree} ({@link LoopSnapshot#formatTable}, {@link
 * LoopSnapshot#formatTree}): the formats of CPython 3.14's {@code asyncio.tools}.
 */
final class TaskTables {
  private TaskTables() {}

  /** How many frames of a stack the table shows, innermost first. */
  private static final int TABLE_FRAMES = 4;

  private static final List<String> HEADER =
      List.of(
          "tid",
          "task id",
          "task name",
          "state",
          "coroutine stack",
          "awaiter chain",
          "awaiter name",
          "awaiter id");

  static String table(List<LoopSnapshot> snapshots) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (LoopSnapshot s : snapshots) {
      Map<Long, TaskSnapshot> byId = byId(s);
      for (TaskSnapshot t : s.tasks()) {
        List<String> own =
            List.of(
                Long.toString(s.threadId()),
                Long.toString(t.id()),
                t.name(),
                t.state().name(),
                chain(t.stack()));
        if (t.awaitedBy().isEmpty()) {
          rows.add(row(own, "", "", ""));
        }
        for (long a : t.awaitedBy()) {
          TaskSnapshot by = byId.get(a);
          rows.add(
              row(
                  own,
                  by == null ? "" : chain(by.stack()),
                  by == null ? "?" : by.name(),
                  Long.toString(a)));
        }
      }
    }
    int[] width = new int[HEADER.size()];
    for (List<String> r : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    int total = 0;
    for (int i = 0; i < width.length; i++) {
      total += width[i] + (i == 0 ? 0 : 2);
    }
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String cell = rows.get(r).get(i);
        line.append(cell).append(" ".repeat(width[i] - cell.length()));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
      if (r == 0) {
        sb.append("-".repeat(total)).append('\n');
      }
    }
    if (snapshots.isEmpty()) {
      sb.append("(no event loop is running)\n");
    }
    notes(snapshots, sb);
    return sb.toString();
  }

  private static List<String> row(List<String> own, String chain, String name, String id) {
    List<String> r = new ArrayList<>(own);
    r.add(chain);
    r.add(name);
    r.add(id);
    return r;
  }

  /** The top frames, innermost first, as {@code Class.method -> Class.method}. */
  private static String chain(List<StackTraceElement> stack) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < stack.size() && i < TABLE_FRAMES; i++) {
      if (i > 0) {
        sb.append(" -> ");
      }
      sb.append(method(stack.get(i)));
    }
    if (stack.size() > TABLE_FRAMES) {
      sb.append(" -> ...");
    }
    return sb.toString();
  }

  private static String method(StackTraceElement e) {
    String c = e.getClassName();
    return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
  }

  private static String frame(StackTraceElement e) {
    String file = e.getFileName();
    return method(e) + (file == null ? "" : " " + file + ":" + e.getLineNumber());
  }

  /** After the table or tree: what each loop that did not answer was doing. */
  private static void notes(List<LoopSnapshot> snapshots, StringBuilder sb) {
    for (LoopSnapshot s : snapshots) {
      if (s.note().isEmpty()) {
        continue;
      }
      sb.append('\n')
          .append(s.loop())
          .append(" (thread '")
          .append(s.threadName())
          .append("', tid ")
          .append(s.threadId())
          .append("): ")
          .append(s.note())
          .append('\n');
      if (!s.threadStack().isEmpty()) {
        sb.append("stack of the thread holding the loop:\n");
        for (StackTraceElement e : s.threadStack()) {
          sb.append("\tat ").append(e).append('\n');
        }
      }
    }
  }

  // ---- pstree -------------------------------------------------------------------------------

  /** A line of the tree: a task, or a frame of the task above it; children in insertion order. */
  private static final class Node {
    final String label;
    final Map<String, Node> children = new LinkedHashMap<>();

    Node(String label) {
      this.label = label;
    }

    Node child(String key, String label) {
      return children.computeIfAbsent(key, k -> new Node(label));
    }
  }

  static String tree(List<LoopSnapshot> snapshots) {
    Map<Long, TaskSnapshot> all = new LinkedHashMap<>();
    for (LoopSnapshot s : snapshots) {
      all.putAll(byId(s));
    }
    List<List<Long>> cycles = cycles(all);
    if (!cycles.isEmpty()) {
      StringBuilder msg = new StringBuilder("await-graph contains cycles - cannot print a tree!\n");
      for (List<Long> c : cycles) {
        msg.append("\ncycle: ");
        for (int i = 0; i < c.size(); i++) {
          TaskSnapshot t = all.get(c.get(i));
          msg.append(i == 0 ? "" : " → ").append(t == null ? "?" : t.name());
        }
      }
      throw new IllegalStateException(msg.toString());
    }
    // Each task's node, made once; a task awaited by several tasks appears under each of them.
    Map<Long, Node> nodes = new HashMap<>();
    for (TaskSnapshot t : all.values()) {
      nodes.put(t.id(), new Node("(T) " + t.name()));
    }
    Set<Long> awaiting = new LinkedHashSet<>();
    for (TaskSnapshot child : all.values()) {
      for (long parentId : child.awaitedBy()) {
        TaskSnapshot parent = all.get(parentId);
        if (parent == null) {
          continue;
        }
        awaiting.add(parentId);
        Node cur = java.util.Objects.requireNonNull(nodes.get(parentId));
        List<StackTraceElement> st = parent.stack();
        for (int i = st.size() - 1; i >= 0; i--) { // outermost first: shared callers merge
          cur = cur.child("f:" + st.get(i), frame(st.get(i)));
        }
        cur.children.putIfAbsent(
            "t:" + child.id(), java.util.Objects.requireNonNull(nodes.get(child.id())));
      }
    }
    for (TaskSnapshot t : all.values()) { // a task awaiting no task: its own frames
      if (!awaiting.contains(t.id())) {
        Node cur = java.util.Objects.requireNonNull(nodes.get(t.id()));
        for (int i = t.stack().size() - 1; i >= 0; i--) {
          cur = cur.child("f:" + t.stack().get(i), frame(t.stack().get(i)));
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    for (TaskSnapshot t : all.values()) {
      if (t.awaitedBy().stream().noneMatch(all::containsKey)) {
        render(java.util.Objects.requireNonNull(nodes.get(t.id())), "", true, sb);
      }
    }
    if (snapshots.isEmpty()) {
      sb.append("(no event loop is running)\n");
    }
    notes(snapshots, sb);
    return sb.toString();
  }

  private static void render(Node n, String prefix, boolean last, StringBuilder sb) {
    sb.append(prefix).append(last ? "└── " : "├── ").append(n.label).append('\n');
    String inner = prefix + (last ? "    " : "│   ");
    int i = 0;
    for (Node c : n.children.values()) {
      render(c, inner, ++i == n.children.size(), sb);
    }
  }

  private static Map<Long, TaskSnapshot> byId(LoopSnapshot s) {
    Map<Long, TaskSnapshot> m = new LinkedHashMap<>();
    for (TaskSnapshot t : s.tasks()) {
      m.put(t.id(), t);
    }
    return m;
  }

  /** The cycles of the graph awaiter -> awaited, each from a task back to itself. */
  private static List<List<Long>> cycles(Map<Long, TaskSnapshot> all) {
    Map<Long, List<Long>> awaits = new LinkedHashMap<>();
    for (TaskSnapshot t : all.values()) {
      for (long by : t.awaitedBy()) {
        awaits.computeIfAbsent(by, k -> new ArrayList<>()).add(t.id());
      }
    }
    List<List<Long>> out = new ArrayList<>();
    Map<Long, Integer> color = new HashMap<>(); // absent: unseen; 1: on the path; 2: finished
    List<Long> path = new ArrayList<>();
    for (Long v : awaits.keySet()) {
      if (!color.containsKey(v)) {
        dfs(v, awaits, color, path, out);
      }
    }
    return out;
  }

  private static void dfs(
      Long v,
      Map<Long, List<Long>> g,
      Map<Long, Integer> color,
      List<Long> path,
      List<List<Long>> out) {
    color.put(v, 1);
    path.add(v);
    for (Long w : g.getOrDefault(v, List.of())) {
      Integer c = color.get(w);
      if (c == null) {
        dfs(w, g, color, path, out);
      } else if (c == 1) {
        List<Long> cycle = new ArrayList<>(path.subList(path.indexOf(w), path.size()));
        cycle.add(w);
        out.add(cycle);
      }
    }
    color.put(v, 2);
    path.remove(path.size() - 1);
  }
}
