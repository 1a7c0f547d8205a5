package dev.edge.cli.support;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Column output laid out as the docker CLI does (Go tabwriter, minimum width 10, padding 3), so
 * scripts that cut docker's columns work on ours.
 */
public final class Table {
  private static final int MIN_WIDTH = 10;
  private static final int PADDING = 3;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has "
          + headers.size() + " columns");
    }
    rows.add(List.of(cells));
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      int max = headers.get(c).length();
      for (List<String> row : rows) {
        max = Math.max(max, row.get(c).length());
      }
      widths[c] = Math.max(MIN_WIDTH, max + PADDING);
    }
    printRow(out, headers, widths);
    rows.forEach(row -> printRow(out, row, widths));
  }

  private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      line.append(cell);
      if (c < cells.size() - 1) {
        line.append(" ".repeat(widths[c] - cell.length()));
      }
    }
    out.println(line.toString().stripTrailing());
  }
}
