package io.jasyncio.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link CoreBenchmarks} with the GC profiler and returns a markdown table. */
final class Jmh {
  private Jmh() {}

  static final List<String> JVM_ARGS =
      List.of("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseG1GC");

  static List<String> run() throws RunnerException {
    Options opt =
        new OptionsBuilder()
            .include(CoreBenchmarks.class.getName())
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .addProfiler("gc")
            .jvmArgsAppend(JVM_ARGS.toArray(String[]::new))
            .build();
    Collection<RunResult> results = new Runner(opt).run();
    List<String> out = new ArrayList<>();
    out.add(
        "JMH 1.37, 1 fork, 3 warm-up and 5 measured iterations of 1 s, `-prof gc`, JVM flags `"
            + String.join(" ", JVM_ARGS)
            + "`.");
    out.add("");
    out.add("| benchmark | engine | ns/op | ± error | bytes allocated/op |");
    out.add("|---|---|---:|---:|---:|");
    for (RunResult r : results) {
      Result<?> p = r.getPrimaryResult();
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      out.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f | %.1f | %s |",
              name,
              r.getParams().getParam("engine"),
              p.getScore(),
              p.getScoreError(),
              alloc == null ? "n/a" : String.format(Locale.ROOT, "%.0f", alloc.getScore())));
    }
    return out;
  }
}
