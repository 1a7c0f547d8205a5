package dev.edge.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatOptionTest {
  private static String print(String format, Map<String, ?> row) {
    FormatOption option = new FormatOption();
    option.format = format;
    StringWriter s = new StringWriter();
    option.printRow(new PrintWriter(s, true), row);
    return s.toString().strip();
  }

  private final Map<String, Object> row = new LinkedHashMap<>();

  FormatOptionTest() {
    row.put("ID", "abc");
    row.put("Size", 12);
  }

  @Test
  void jsonPrintsOneObjectPerLine() {
    assertEquals("{\"ID\":\"abc\",\"Size\":12}", print("json", row));
  }

  @Test
  void templatesFillFieldsAsDockerDoes() {
    assertEquals("abc\t12", print("{{.ID}}\\t{{.Size}}", row));
    assertEquals("{\"ID\":\"abc\",\"Size\":12}", print("{{json .}}", row));
  }

  @Test
  void templatesWalkNestedFieldsAndPrintListsAsGoDoes() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("Status", "exited");
    state.put("ExitCode", 3);
    row.put("State", state);
    row.put("Cmd", java.util.List.of("sh", "-c", "exit 3"));
    assertEquals("exited 3 [sh -c exit 3]",
        print("{{.State.Status}} {{ .State.ExitCode }} {{.Cmd}}", row));
    assertEquals("[\"sh\",\"-c\",\"exit 3\"] {\"Status\":\"exited\",\"ExitCode\":3}",
        print("{{json .Cmd}} {{.State}}", row));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> print("{{.State.Nope}}", row));
    assertEquals(true, e.getMessage().contains("Status, ExitCode"), e.getMessage());
  }

  @Test
  void unknownTemplateFieldsAreErrorsThatListTheFields() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> print("{{.Nope}}", row));
    assertEquals(true, e.getMessage().contains("ID"));
  }
}
