package dev.edge.runtime.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
  private final ShellWords shell = new ShellWords('\\');
  private final Variables vars = Variables.of(Map.of("NAME", "edge", "EMPTY", "",
      "SPACED", "a b"));

  private String word(String text) throws InstructionException {
    return shell.word(text, vars);
  }

  @Test
  void plainAndBracedVariablesExpandAndUnsetOnesVanish() throws Exception {
    assertEquals("edge/edge/", word("$NAME/${NAME}/$UNSET"));
    assertEquals("edge_x", word("${NAME}_x"));
    assertEquals("$", word("$"));
    assertEquals("a$ b", word("a$ b"));
  }

  @Test
  void defaultAndAlternativeModifiersFollowSetVersusEmpty() throws Exception {
    assertEquals("d", word("${UNSET:-d}"));
    assertEquals("d", word("${EMPTY:-d}"));
    assertEquals("", word("${EMPTY-d}"));
    assertEquals("d", word("${UNSET-d}"));
    assertEquals("edge", word("${NAME:-d}"));
    assertEquals("alt", word("${NAME:+alt}"));
    assertEquals("", word("${EMPTY:+alt}"));
    assertEquals("alt", word("${EMPTY+alt}"));
    assertEquals("", word("${UNSET:+alt}"));
    assertEquals("x-edge-y", word("${UNSET:-x-${NAME}-y}"));
    InstructionException e = assertThrows(InstructionException.class,
        () -> word("${UNSET:?must be set}"));
    assertEquals("UNSET: must be set", e.getMessage());
  }

  @Test
  void quotesAreRemovedAndSingleQuotesAreLiteral() throws Exception {
    assertEquals("hello edge", word("\"hello $NAME\""));
    assertEquals("hello $NAME", word("'hello $NAME'"));
    assertEquals("a\"b", word("\"a\\\"b\""));
    assertEquals("a\\nb", word("\"a\\nb\""));
  }

  @Test
  void escapedDollarStaysLiteral() throws Exception {
    assertEquals("$NAME", word("\\$NAME"));
    assertEquals("${NAME}", word("\\${NAME}"));
    assertEquals("$NAME", word("\"\\$NAME\""));
    assertEquals("$NAME", new ShellWords('`').word("`$NAME", vars));
  }

  @Test
  void wordsSplitOnUnquotedBlanksIncludingExpandedOnes() throws Exception {
    assertEquals(List.of("80", "a", "b", "x y"), shell.words("80 $SPACED \"x y\"", vars));
    assertEquals(List.of(""), shell.words("\"\"", vars));
  }

  @Test
  void malformedSubstitutionsAreErrors() {
    assertTrue(assertThrows(InstructionException.class, () -> word("${NAME"))
        .getMessage().startsWith("syntax error: missing '}'"));
    assertTrue(assertThrows(InstructionException.class, () -> word("${}"))
        .getMessage().startsWith("syntax error: bad substitution"));
    assertTrue(assertThrows(InstructionException.class, () -> word("${NAME%x}"))
        .getMessage().startsWith("unsupported modifier (%)"));
    assertTrue(assertThrows(InstructionException.class, () -> word("'open"))
        .getMessage().contains("matching single-quote"));
    assertTrue(assertThrows(InstructionException.class, () -> word("\"open"))
        .getMessage().contains("matching double-quote"));
  }

  @Test
  void heredocBodiesExpandOnlyDollars() throws Exception {
    assertEquals("name='edge' $NAME\n", shell.heredoc("name='$NAME' \\$NAME\n", vars));
  }

  @Test
  void instructionsExpandOnlyWhereDockerDoes() throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("DIR", "/opt/app", "PORT", "8080",
        "USERID", "1000"));
    Dockerfile file = DockerfileParser.parse("Dockerfile", """
        FROM busybox
        WORKDIR $DIR/src
        RUN echo $DIR
        EXPOSE $PORT ${PORT}/udp
        USER ${USERID}:${USERID}
        ENV GREETING="hello $USERID" PLAIN=$DIR
        COPY --chown=$USERID --chmod=0644 $DIR/a "${DIR}/b" /dest/$PORT/
        CMD echo $DIR
        LABEL version=${PORT:-0}
        VOLUME $DIR/data
        """);
    List<Instruction> body = file.stages().get(0).instructions();
    Variables v = Variables.of(env);
    assertEquals("/opt/app/src", ((WorkdirInstruction) body.get(0).expand(shell, v)).path());
    assertEquals(body.get(1), body.get(1).expand(shell, v));
    assertEquals(List.of("8080/tcp", "8080/udp"),
        ((ExposeInstruction) body.get(2).expand(shell, v)).ports());
    assertEquals("1000:1000", ((UserInstruction) body.get(3).expand(shell, v)).user());
    assertEquals(List.of(new KeyValue("GREETING", "hello 1000"),
        new KeyValue("PLAIN", "/opt/app")), ((EnvInstruction) body.get(4).expand(shell, v))
        .pairs());
    CopyInstruction copy = (CopyInstruction) body.get(5).expand(shell, v);
    assertEquals(List.of("/opt/app/a", "/opt/app/b"), copy.sources());
    assertEquals("/dest/8080/", copy.destination());
    assertEquals("1000", copy.chown());
    assertEquals(body.get(6), body.get(6).expand(shell, v));
    assertEquals(List.of(new KeyValue("version", "8080")),
        ((LabelInstruction) body.get(7).expand(shell, v)).pairs());
    assertEquals(List.of("/opt/app/data"),
        ((VolumeInstruction) body.get(8).expand(shell, v)).paths());
  }

  @Test
  void exposeChecksPortsAfterExpansion() throws Exception {
    ExposeInstruction bad = new ExposeInstruction(1, List.of("$P"));
    assertTrue(assertThrows(InstructionException.class,
        () -> bad.expand(shell, Variables.of(Map.of("P", "http")))).getMessage()
        .startsWith("invalid port http"));
    assertTrue(assertThrows(InstructionException.class,
        () -> bad.expand(shell, Variables.of(Map.of("P", "70000")))).getMessage()
        .contains("above 65535"));
    assertTrue(assertThrows(InstructionException.class,
        () -> bad.expand(shell, Variables.of(Map.of("P", "80/icmp")))).getMessage()
        .contains("invalid protocol icmp"));
    assertEquals(List.of("1/tcp", "2/tcp", "3/tcp"),
        bad.expand(shell, Variables.of(Map.of("P", "1-3"))).ports());
  }
}
