package io.jasyncio.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw samples of a run as CSV, one row per sample and metric, so that tables and charts can be
 * redrawn without running again. The columns: {@value #HEADER}.
 */
public final class Csv {
  private Csv() {}

  /** The header line. */
  public static final String HEADER = "suite,workload,peer,size,rep,metric,value,unit";

  /**
   * One measured value.
   *
   * @param suite {@code bench}, {@code E1} or {@code E7}
   * @param workload what ran, such as {@code W4 depth 200} or {@code echo 10 conns}
   * @param peer the peer or server
   * @param size the workload's size: N tasks, message bytes, connections
   * @param rep the repetition (round), from 1
   * @param metric what was measured, such as {@code seconds} or {@code round_trips_per_s}
   * @param value the value
   * @param unit its unit
   */
  public record Row(
      String suite,
      String workload,
      String peer,
      long size,
      int rep,
      String metric,
      double value,
      String unit) {
    String line() {
      return String.join(
          ",",
          field(suite),
          field(workload),
          field(peer),
          Long.toString(size),
          Integer.toString(rep),
          field(metric),
          number(value),
          field(unit));
    }
  }

  /** The CSV file that goes with a markdown report: the same name, ending in .csv. */
  public static Path besides(Path markdown) {
    String name = String.valueOf(markdown.getFileName());
    String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return markdown.resolveSibling(base + ".csv");
  }

  /** Writes the header and {@code rows} to {@code file}; NaN values are left out. */
  public static void write(Path file, List<Row> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (Row r : rows) {
      if (!Double.isNaN(r.value())) {
        lines.add(r.line());
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** A value in plain decimal notation, as short as it is exact: 1000000, 0.000123, 2.5. */
  static String number(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** RFC 4180 quoting where a field needs it. */
  static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
