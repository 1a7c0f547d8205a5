package dev.edge.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreLaidOutAsDockersTabwriter() {
    StringWriter s = new StringWriter();
    new Table("REPOSITORY", "TAG", "SIZE").row("busybox", "latest", "4.26MB")
        .print(new PrintWriter(s, true));
    assertEquals("REPOSITORY   TAG       SIZE\nbusybox      latest    4.26MB\n",
        s.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void rowsMustHaveOneCellPerColumn() {
    assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("x"));
  }
}
