package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvVarsTest {
  private static final Function<String, String> CLIENT = Map.of("HOME", "/home/me",
      "EMPTY", "")::get;

  @TempDir Path dir;

  @Test
  void keyValuePairsPassAndBareKeysTakeTheClientsValue() {
    assertEquals(List.of("A=1", "B=", "C=x=y", "HOME=/home/me", "EMPTY="),
        EnvVars.collect(List.of(), List.of("A=1", "B=", "C=x=y", "HOME", "EMPTY"), CLIENT));
  }

  @Test
  void aBareKeyTheClientDoesNotHaveIsDropped() {
    assertEquals(List.of("A=1"), EnvVars.collect(List.of(), List.of("NOT_SET", "A=1"), CLIENT));
  }

  @Test
  void aMissingNameIsRefused() {
    BadFlagException e = assertThrows(BadFlagException.class,
        () -> EnvVars.collect(List.of(), List.of("=oops"), CLIENT));
    assertTrue(e.getMessage().contains("\"-e, --env\" flag"), e.getMessage());
  }

  @Test
  void envFilesFollowDockersFormatAndComeBeforeFlags() throws Exception {
    Path file = dir.resolve("app.env");
    Files.writeString(file, "\uFEFF# comment\n\n  INDENTED=yes\nQUOTED=\"kept as is\"\r\n"
        + "SPACES= padded \nHOME\nNOT_SET\n   # indented comment\nLAST=1");
    assertEquals(List.of("INDENTED=yes", "QUOTED=\"kept as is\"", "SPACES= padded ",
        "HOME=/home/me", "LAST=1", "LAST=2"),
        EnvVars.collect(List.of(file.toString()), List.of("LAST=2"), CLIENT));
  }

  @Test
  void badEnvFilesAreRefusedWithTheLine() throws Exception {
    Path spaces = dir.resolve("spaces.env");
    Files.writeString(spaces, "OK=1\nBAD NAME=2\n");
    BadFlagException e = assertThrows(BadFlagException.class,
        () -> EnvVars.collect(List.of(spaces.toString()), List.of(), CLIENT));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("whitespace"),
        e.getMessage());
    Path noName = dir.resolve("noname.env");
    Files.writeString(noName, "=value\n");
    assertThrows(BadFlagException.class,
        () -> EnvVars.collect(List.of(noName.toString()), List.of(), CLIENT));
    Path binary = dir.resolve("binary.env");
    Files.write(binary, new byte[] {'A', '=', (byte) 0xff, '\n'});
    e = assertThrows(BadFlagException.class,
        () -> EnvVars.collect(List.of(binary.toString()), List.of(), CLIENT));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    e = assertThrows(BadFlagException.class,
        () -> EnvVars.collect(List.of(dir.resolve("none.env").toString()), List.of(), CLIENT));
    assertTrue(e.getMessage().contains("\"--env-file\" flag: no such file"), e.getMessage());
    assertEquals(List.of("X=é"), EnvVars.readFile(write("X=é\n"), CLIENT));
  }

  private String write(String text) throws Exception {
    Path f = Files.createTempFile(dir, "e", ".env");
    Files.write(f, text.getBytes(StandardCharsets.UTF_8));
    return f.toString();
  }
}
