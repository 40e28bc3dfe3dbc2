package io.jasyncio.conformance;

import java.util.List;

/** A line diff for failure messages: the longest common subsequence, then the edits around it. */
final class LineDiff {
  private LineDiff() {}

  /**
   * @param expected the reference lines (CPython)
   * @param actual the lines under test (jasyncio)
   * @return one row per line: {@code " "} common, {@code "- "} CPython only, {@code "+ "} jasyncio
   *     only, each with its line numbers
   */
  static String diff(List<String> expected, List<String> actual) {
    int n = expected.size();
    int m = actual.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            expected.get(i).equals(actual.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        "  legend: '-' only in CPython's trace, '+' only in jasyncio's (line numbers: py/java)\n");
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
        row(sb, ' ', i + 1, j + 1, expected.get(i));
        i++;
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        row(sb, '+', -1, j + 1, actual.get(j));
        j++;
      } else {
        row(sb, '-', i + 1, -1, expected.get(i));
        i++;
      }
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, char mark, int py, int java, String line) {
    sb.append(mark)
        .append(' ')
        .append(String.format("%3s/%-3s ", py < 0 ? "" : py, java < 0 ? "" : java))
        .append(line)
        .append('\n');
  }
}
