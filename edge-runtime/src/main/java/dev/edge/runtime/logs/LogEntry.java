package dev.edge.runtime.logs;

import java.time.Instant;

/**
 * One record of a container's log as conmon writes it (CRI's "k8s-file" format):
 * {@code <RFC 3339 time> <stdout|stderr> <F|P> <text>}. A partial record ({@code P}) is a piece
 * of a line longer than conmon's buffer; the line ends with the next full one.
 */
public record LogEntry(Instant time, String timeText, boolean stderr, boolean partial,
    String text) {

  /** Parses one line of the file; null for a line that is not a record (a torn write). */
  public static LogEntry parse(String line) {
    int a = line.indexOf(' ');
    int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
    int c = b < 0 ? -1 : line.indexOf(' ', b + 1);
    if (c < 0 && b > 0 && line.length() == b + 2) {
      c = line.length(); // an empty full line has no trailing space
    }
    if (a < 0 || b < 0 || c < 0) {
      return null;
    }
    String stream = line.substring(a + 1, b);
    String tag = line.substring(b + 1, Math.min(c, line.length()));
    if (!stream.equals("stdout") && !stream.equals("stderr")) {
      return null;
    }
    String timeText = line.substring(0, a);
    Instant time;
    try {
      time = java.time.OffsetDateTime.parse(timeText).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
    String text = c >= line.length() ? "" : line.substring(c + 1);
    return new LogEntry(time, timeText, stream.equals("stderr"), tag.startsWith("P"), text);
  }

  /** The bytes a client sees: a full record ends its line. */
  public String payload() {
    return partial ? text : text + "\n";
  }
}
