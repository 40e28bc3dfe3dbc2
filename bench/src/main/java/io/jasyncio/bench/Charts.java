package io.jasyncio.bench;

import io.jasyncio.bench.BenchMain.Results;
import io.jasyncio.bench.Runs.Case;
import io.jasyncio.bench.Runs.Sample;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG charts under docs/bench/: time and memory against N, and the per-switch costs. Each peer
 * has its own colour, the same in every chart ({@link #colour}), named in each chart's legend. The
 * switch-cost chart has a logarithmic y axis: the peers' costs differ by two orders of magnitude,
 * and on a linear axis the fast ones would be invisible.
 */
public final class Charts {
  private Charts() {}

  /**
   * The peers' colours: Okabe and Ito's palette, told apart with any colour vision; jasyncio's two
   * engines in two blues, the JDK's floor grey.
   */
  static final Map<String, Color> COLOURS =
      Map.of(
          Peer.JASYNCIO_CONT,
          new Color(0x00, 0x72, 0xB2),
          Peer.JASYNCIO_VT,
          new Color(0x56, 0xB4, 0xE9),
          "kotlin",
          new Color(0xCC, 0x79, 0xA7),
          "vthreads",
          new Color(0x00, 0x9E, 0x73),
          Peer.JDK_FLOOR,
          new Color(0x77, 0x77, 0x77),
          "asyncio",
          new Color(0xE6, 0x9F, 0x00),
          "uvloop",
          new Color(0xD5, 0x5E, 0x00));

  /**
   * A peer's colour: its own; for a network server ({@code jasyncio-protocol-continuations}, {@code
   * uvloop-httptools}...) its family's, darker for the low-level style (protocol, httptools) than
   * for streams; Netty black; anything else grey, darker by name.
   */
  static Color colour(String peer) {
    Color c = COLOURS.get(peer);
    if (c != null) {
      return c;
    }
    String family =
        peer.startsWith("jasyncio-")
            ? (peer.endsWith("-virtual-threads") ? Peer.JASYNCIO_VT : Peer.JASYNCIO_CONT)
            : peer.contains("-") ? peer.substring(0, peer.indexOf('-')) : peer;
    c = COLOURS.get(family);
    if (c != null) {
      return peer.contains("-protocol") || peer.endsWith("-httptools") ? c.darker() : c;
    }
    if (peer.equals("netty")) {
      return Color.BLACK;
    }
    int g = 64 + Math.floorMod(peer.hashCode(), 96);
    return new Color(g, g, g);
  }

  /**
   * A bar chart: a group of bars per label, a bar per series in its {@link #colour}; a null or
   * non-positive value draws no bar, a series without bars is left out, and without any there is no
   * file.
   */
  public static void bars(
      String title,
      String xTitle,
      String yTitle,
      List<String> labels,
      Map<String, List<@Nullable Double>> series,
      Path file)
      throws IOException {
    bars(title, xTitle, yTitle, labels, series, false, file);
  }

  /**
   * As {@link #bars(String, String, String, List, Map, Path)}; with {@code logY} on a logarithmic y
   * axis whose bars start at the decade below the smallest.
   */
  static void bars(
      String title,
      String xTitle,
      String yTitle,
      List<String> labels,
      Map<String, List<@Nullable Double>> series,
      boolean logY,
      Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setYAxisLogarithmic(logY);
    double least = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, List<@Nullable Double>> e : series.entrySet()) {
      List<@Nullable Double> ys = new ArrayList<>();
      for (Double y : e.getValue()) {
        if (y != null && y > 0 && !y.isNaN()) {
          ys.add(y);
          least = Math.min(least, y);
        } else {
          ys.add(null); // no bar: failed, or not measured
        }
      }
      if (ys.stream().anyMatch(y -> y != null)) {
        chart.addSeries(e.getKey(), labels, ys).setFillColor(colour(e.getKey()));
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      return;
    }
    if (logY) {
      chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

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
        "ns per switch (log scale)",
        s -> s.seconds() * 1e9 / s.ops(),
        true,
        dir.resolve("switch-cost.png"));
    if (w3 != null) {
      bars(
          results,
          peers,
          List.of(w3),
          "W3: create and gather tasks",
          "tasks per second",
          s -> s.ops() / s.seconds(),
          false,
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
        false,
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
            .yAxisTitle(yTitle + " (log scale)")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(true);
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
        XYSeries series = chart.addSeries(p.name(), xs, ys);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineColor(colour(p.name()));
        series.setMarkerColor(colour(p.name()));
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      return; // nothing was measured
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
      boolean logY,
      Path file)
      throws IOException {
    List<String> labels = new ArrayList<>();
    for (Case c : cases) {
      labels.add(c.workload() == Workload.W4 ? "W4 d=" + c.depth() : c.workload().name());
    }
    Map<String, List<@Nullable Double>> series = new java.util.LinkedHashMap<>();
    for (Peer p : peers) {
      List<@Nullable Double> ys = new ArrayList<>();
      for (Case c : cases) {
        ys.add(median(r, c, p.name(), f));
      }
      series.put(p.name(), ys);
    }
    bars(title, "workload", yTitle, labels, series, logY, file);
  }

  /**
   * A line per peer through its points ({@code {x, y}}), N on a logarithmic x axis; a peer without
   * points is left out, and without any there is no file.
   */
  static void lines(
      String title, String yTitle, boolean logY, Map<String, List<double[]>> byPeer, Path file)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(560)
            .title(title)
            .xAxisTitle("N (tasks, log scale)")
            .yAxisTitle(logY ? yTitle + " (log scale)" : yTitle)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(true);
    if (!logY) {
      chart.getStyler().setYAxisMin(0.0);
    }
    for (Map.Entry<String, List<double[]>> e : byPeer.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (double[] p : e.getValue()) {
        xs.add(p[0]);
        ys.add(p[1]);
      }
      XYSeries series = chart.addSeries(e.getKey(), xs, ys);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setLineColor(colour(e.getKey()));
      series.setMarkerColor(colour(e.getKey()));
    }
    if (chart.getSeriesMap().isEmpty()) {
      return; // nothing was measured
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
