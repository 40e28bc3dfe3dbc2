package io.jasyncio.bench;

import io.jasyncio.bench.BenchMain.Results;
import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts under docs/bench/: time and memory against N, and the per-switch costs. */
final class Charts {
  private Charts() {}

  static final List<String> FILES =
      List.of("w2-wall.png", "w2-rss.png", "switch-cost.png", "w3-spawn.png", "w5-queue.png");

  static void draw(Results results, List<Peer> peers, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Case> w2 = new ArrayList<>();
    List<Case> switches = new ArrayList<>();
    Case w3 = null;
    Case w5 = null;
    for (Case c : results.samples.keySet()) {
      switch (c.workload()) {
        case W2 -> w2.add(c);
        case W1, W4 -> switches.add(c);
        case W3 -> w3 = c;
        case W5 -> w5 = c;
      }
    }
    xy(
        results,
        peers,
        w2,
        "W2: N tasks sleep 1 s, gathered: wall time",
        "seconds",
        Sample::seconds,
        dir.resolve("w2-wall.png"));
    xy(
        results,
        peers,
        w2,
        "W2: peak RSS of the whole process",
        "MiB",
        s -> s.rssBytes() / 1048576.0,
        dir.resolve("w2-rss.png"));
    bars(
        results,
        peers,
        switches,
        "Cost of a switch (W1 ping-pong, W4 at depth d)",
        "ns per switch",
        s -> s.seconds() * 1e9 / s.ops(),
        dir.resolve("switch-cost.png"));
    if (w3 != null) {
      bars(
          results,
          peers,
          List.of(w3),
          "W3: create and gather tasks",
          "tasks per second",
          s -> s.ops() / s.seconds(),
          dir.resolve("w3-spawn.png"));
    }
    if (w5 != null) {
      drawW5(results, peers, w5, dir);
    }
  }

  private static void drawW5(Results results, List<Peer> peers, Case w5, Path dir)
      throws IOException {
    bars(
        results,
        peers,
        List.of(w5),
        "W5: producer and consumer through a bounded queue",
        "items per second",
        s -> s.ops() / s.seconds(),
        dir.resolve("w5-queue.png"));
  }

  private static double median(Results r, Case c, String peer, ToDoubleFunction<Sample> f) {
    List<Double> xs = new ArrayList<>();
    for (Sample s : r.of(c, peer)) {
      xs.add(f.applyAsDouble(s));
    }
    return Runs.median(xs);
  }

  private static void xy(
      Results r,
      List<Peer> peers,
      List<Case> cases,
      String title,
      String yTitle,
      ToDoubleFunction<Sample> f,
      Path file)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle("N (tasks, log scale)")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    for (Peer p : peers) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (Case c : cases) {
        double y = median(r, c, p.name(), f);
        if (!Double.isNaN(y) && y > 0) {
          xs.add((double) c.n());
          ys.add(y);
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(p.name(), xs, ys).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void bars(
      Results r,
      List<Peer> peers,
      List<Case> cases,
      String title,
      String yTitle,
      ToDoubleFunction<Sample> f,
      Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle("workload")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    List<String> labels = new ArrayList<>();
    for (Case c : cases) {
      labels.add(c.workload() == Workload.W4 ? "W4 d=" + c.depth() : c.workload().name());
    }
    for (Peer p : peers) {
      List<Double> ys = new ArrayList<>();
      for (Case c : cases) {
        double y = median(r, c, p.name(), f);
        ys.add(Double.isNaN(y) || y < 0 ? 0 : y);
      }
      chart.addSeries(p.name(), labels, ys);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
