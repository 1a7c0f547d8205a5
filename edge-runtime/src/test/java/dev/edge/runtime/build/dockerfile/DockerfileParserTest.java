package dev.edge.runtime.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
  private static Dockerfile parse(String text) throws DockerfileException {
    return DockerfileParser.parse("Dockerfile", text);
  }

  private static List<Instruction> body(String text) throws DockerfileException {
    return parse(text).stages().get(0).instructions();
  }

  private static DockerfileException failure(String text) {
    return assertThrows(DockerfileException.class, () -> parse(text));
  }

  @Test
  void continuationsJoinLinesAndSkipCommentsAndBlankLinesInside() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        RUN echo a \\
          # a comment inside the continuation
        
            && echo b \\\t 
          && echo c
        RUN echo # not a comment
        """);
    RunInstruction run = (RunInstruction) body.get(0);
    assertEquals(List.of("echo a     && echo b   && echo c"), run.command().args());
    assertTrue(run.command().shellForm());
    assertEquals(2, run.line());
    assertEquals(List.of("echo # not a comment"), ((RunInstruction) body.get(1)).command().args());
    assertEquals(7, body.get(1).line());
  }

  @Test
  void escapeDirectiveMakesTheBacktickTheContinuationCharacter() throws Exception {
    Dockerfile file = parse("""
        # escape=`
        FROM mcr.example/windows
        COPY testfile.txt c:\\
        RUN dir `
            c:\\
        """);
    assertEquals('`', file.directives().escape());
    CopyInstruction copy = (CopyInstruction) file.stages().get(0).instructions().get(0);
    assertEquals("c:\\", copy.destination());
    RunInstruction run = (RunInstruction) file.stages().get(0).instructions().get(1);
    assertEquals(List.of("dir     c:\\"), run.command().args());
  }

  @Test
  void directivesCountOnlyAtTheTopBeforeAnyCommentOrBlankLine() throws Exception {
    Dockerfile after = parse("""
        # a comment
        # escape=`
        FROM busybox
        """);
    assertEquals('\\', after.directives().escape());
    Dockerfile both = parse("""
        # syntax=docker/dockerfile:1
        #escape = `
        FROM busybox
        """);
    assertEquals("docker/dockerfile:1", both.directives().syntax());
    assertEquals('`', both.directives().escape());
  }

  @Test
  void badOrRepeatedEscapeDirectiveIsAnErrorOnItsLine() {
    DockerfileException bad = failure("# escape=x\nFROM busybox\n");
    assertEquals(1, bad.line());
    assertTrue(bad.getMessage().startsWith("Dockerfile:1: invalid escape token 'x'"),
        bad.getMessage());
    DockerfileException twice = failure("# escape=`\n# escape=\\\nFROM busybox\n");
    assertEquals("Dockerfile:2: only one escape parser directive can be used",
        twice.getMessage());
  }

  @Test
  void unknownInstructionNamesItsLineAndTheLikelyIntent() {
    DockerfileException e = failure("""
        FROM busybox
        
        # copy the sources
        RUN true
        
        
        COPPY a /b
        """);
    assertEquals(7, e.line());
    assertEquals("Dockerfile:7: unknown instruction: COPPY (did you mean COPY?)",
        e.getMessage());
  }

  @Test
  void syntaxErrorsCarryTheLineTheInstructionStartsOn() {
    DockerfileException e = failure("FROM busybox\nENV \\\n  a=1 b\n");
    assertEquals(2, e.line());
    assertTrue(e.reason().contains("can't find = in \"b\""), e.reason());
    assertEquals("Dockerfile:1: FROM requires either one or three arguments"
        + " (FROM [--platform=P] IMAGE [AS NAME])", failure("FROM a b\n").getMessage());
    assertEquals(2, failure("FROM busybox\nCOPY onlyone\n").line());
    assertTrue(failure("FROM busybox\nCOPY --form=x a b\n").reason()
        .startsWith("unknown flag: --form"));
    assertTrue(failure("FROM busybox\nCOPY --chmod=9z a b\n").reason()
        .startsWith("invalid chmod parameter: 9z"));
    assertTrue(failure("FROM busybox\nRUN --network=bridge true\n").reason()
        .contains("unsupported network mode"));
    assertEquals("Dockerfile:2: WORKDIR requires exactly one argument",
        failure("FROM busybox\nWORKDIR\n").getMessage());
  }

  @Test
  void emptyContinuationAtTheEndOfTheFileLeavesAnInstructionWithoutArguments() {
    DockerfileException e = failure("FROM busybox\nRUN \\\n");
    assertEquals("Dockerfile:2: RUN requires at least one argument", e.getMessage());
  }

  @Test
  void continuationAtEndOfFileKeepsWhatWasGathered() throws Exception {
    RunInstruction run = (RunInstruction) body("FROM busybox\nRUN echo hi \\\n").get(0);
    assertEquals(List.of("echo hi"), run.command().args());
  }

  @Test
  void emptyFilesAndFilesWithoutFromAreRefused() {
    assertEquals("Dockerfile: the Dockerfile cannot be empty",
        failure("# only a comment\n\n").getMessage());
    assertEquals("Dockerfile: the Dockerfile contains no stages to build (no FROM)",
        failure("ARG A=1\n").getMessage());
    DockerfileException early = failure("ARG A\nRUN true\nFROM busybox\n");
    assertEquals(2, early.line());
    assertTrue(early.reason().contains("no build stage in current context"));
  }

  @Test
  void execFormIsJsonAndAnythingElseIsShellForm() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        CMD ["echo", "a b", "\\u00e9"]
        ENTRYPOINT /bin/sh -c 'x'
        RUN ["sh", "-c", "true"]
        CMD ["unterminated", "json"
        """);
    assertEquals(Command.exec(List.of("echo", "a b", "é")),
        ((CmdInstruction) body.get(0)).command());
    assertEquals(Command.shell("/bin/sh -c 'x'"), ((EntrypointInstruction) body.get(1)).command());
    assertFalse(((RunInstruction) body.get(2)).command().shellForm());
    // Docker takes a broken JSON array as a shell command, and so do we.
    assertEquals(Command.shell("[\"unterminated\", \"json\""),
        ((CmdInstruction) body.get(3)).command());
    assertEquals(List.of("/bin/sh", "-c", "echo hi"),
        Command.shell("echo hi").argv(List.of("/bin/sh", "-c")));
  }

  @Test
  void unterminatedJsonWhereOnlyJsonIsAllowedIsAnError() {
    DockerfileException e = failure("FROM busybox\nSHELL [\"/bin/sh\", \"-c\"\n");
    assertEquals(2, e.line());
    assertTrue(e.reason().startsWith("SHELL requires the arguments to be in JSON form"),
        e.reason());
    assertTrue(failure("FROM busybox\nCMD [\"a\", 1]\n").reason()
        .contains("JSON array must hold only strings"));
  }

  @Test
  void fromTakesPlatformAndStageNameInLowerCase() throws Exception {
    Dockerfile file = parse("""
        ARG BASE=debian
        FROM --platform=linux/arm64 ${BASE}:bookworm AS Builder
        FROM scratch
        """);
    FromInstruction from = file.stages().get(0).from();
    assertEquals("${BASE}:bookworm", from.image());
    assertEquals("linux/arm64", from.platform());
    assertEquals("builder", from.stageName());
    assertEquals("builder", file.stages().get(0).name());
    assertNull(file.stages().get(1).name());
    assertEquals(1, file.globalArgs().size());
    assertTrue(file.stage("BUILDER").isPresent());
    assertTrue(file.stage("1").isPresent());
    assertEquals(2, failure("FROM a AS x\nFROM b AS X\n").line());
    assertTrue(failure("FROM a AS 1x\n").reason().startsWith("invalid name for build stage"));
  }

  @Test
  void copyAndAddTakeTheirFlagsSourcesAndDestination() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        COPY --from=builder --chown=1000:1000 --chmod=0755 --link a b* /dest/
        COPY ["with space", "/x y/"]
        ADD --checksum=sha256:abc https://example.com/f.tgz /opt/
        ADD --keep-git-dir=true repo.tar /src
        """);
    CopyInstruction copy = (CopyInstruction) body.get(0);
    assertEquals(List.of("a", "b*"), copy.sources());
    assertEquals("/dest/", copy.destination());
    assertEquals("builder", copy.from());
    assertEquals("1000:1000", copy.chown());
    assertEquals("0755", copy.chmod());
    assertTrue(copy.link());
    assertEquals(List.of("with space"), ((CopyInstruction) body.get(1)).sources());
    AddInstruction add = (AddInstruction) body.get(2);
    assertEquals("sha256:abc", add.checksum());
    assertTrue(AddInstruction.isUrl(add.sources().get(0)));
    assertTrue(((AddInstruction) body.get(3)).keepGitDir());
  }

  @Test
  void envAndLabelAcceptBothForms() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        ENV PATH=/opt/bin:$PATH GREETING="hello world" ESC=a\\ b
        ENV LEGACY value with spaces
        LABEL org.opencontainers.image.title="edge" "quoted key"=v
        """);
    assertEquals(List.of(new KeyValue("PATH", "/opt/bin:$PATH"),
        new KeyValue("GREETING", "\"hello world\""), new KeyValue("ESC", "a\\ b")),
        ((EnvInstruction) body.get(0)).pairs());
    assertEquals(List.of(new KeyValue("LEGACY", "value with spaces")),
        ((EnvInstruction) body.get(1)).pairs());
    assertEquals(2, ((LabelInstruction) body.get(2)).pairs().size());
    assertEquals("Dockerfile:2: ENV must have two arguments",
        failure("FROM busybox\nENV ONLYKEY\n").getMessage());
  }

  @Test
  void argDeclaresNamesWithOptionalDefaults() throws Exception {
    ArgInstruction arg = (ArgInstruction) body("FROM busybox\nARG A B=2 C=\"x y\"\n").get(0);
    assertEquals(List.of(new ArgInstruction.Declaration("A", null),
        new ArgInstruction.Declaration("B", "2"),
        new ArgInstruction.Declaration("C", "\"x")), arg.declarations().subList(0, 3));
  }

  @Test
  void everyMetadataInstructionParses() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        WORKDIR /project
        USER 1000:1000
        EXPOSE 80 8000-8001/udp
        VOLUME ["/data", "/cache"]
        VOLUME /a /b
        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        STOPSIGNAL SIGINT
        MAINTAINER Jane Doe <jane@example.com>
        ONBUILD RUN make
        """);
    assertEquals("/project", ((WorkdirInstruction) body.get(0)).path());
    assertEquals("1000:1000", ((UserInstruction) body.get(1)).user());
    assertEquals(List.of("80", "8000-8001/udp"), ((ExposeInstruction) body.get(2)).ports());
    assertEquals(List.of("/data", "/cache"), ((VolumeInstruction) body.get(3)).paths());
    assertEquals(List.of("/a", "/b"), ((VolumeInstruction) body.get(4)).paths());
    assertEquals(List.of("/bin/bash", "-o", "pipefail", "-c"),
        ((ShellInstruction) body.get(5)).shell());
    assertEquals("SIGINT", ((StopSignalInstruction) body.get(6)).signal());
    assertEquals("Jane Doe <jane@example.com>", ((MaintainerInstruction) body.get(7)).name());
    assertEquals("RUN make", ((OnbuildInstruction) body.get(8)).trigger());
    assertTrue(failure("FROM busybox\nONBUILD FROM x\n").reason()
        .contains("isn't allowed as an ONBUILD trigger"));
    assertTrue(failure("FROM busybox\nONBUILD COPPY a b\n").reason()
        .startsWith("unknown instruction: COPPY"));
  }

  @Test
  void healthcheckTakesOptionsAndNone() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        HEALTHCHECK --interval=30s --timeout=1m30s --start-period=500ms --retries=3 \\
          CMD wget -q -O- http://127.0.0.1/ || exit 1
        HEALTHCHECK CMD ["/bin/check", "--fast"]
        HEALTHCHECK NONE
        """);
    HealthcheckInstruction first = (HealthcheckInstruction) body.get(0);
    assertEquals(List.of("CMD-SHELL", "wget -q -O- http://127.0.0.1/ || exit 1"), first.test());
    assertEquals(Duration.ofSeconds(30), first.interval());
    assertEquals(Duration.ofSeconds(90), first.timeout());
    assertEquals(Duration.ofMillis(500), first.startPeriod());
    assertNull(first.startInterval());
    assertEquals(3, first.retries());
    assertEquals(List.of("CMD", "/bin/check", "--fast"),
        ((HealthcheckInstruction) body.get(1)).test());
    assertTrue(((HealthcheckInstruction) body.get(2)).disabled());
    assertTrue(failure("FROM busybox\nHEALTHCHECK NONE x\n").reason()
        .contains("takes no arguments"));
    assertTrue(failure("FROM busybox\nHEALTHCHECK RUN x\n").reason()
        .contains("Unknown type \"RUN\" in HEALTHCHECK (try CMD)"));
    assertTrue(failure("FROM busybox\nHEALTHCHECK --interval=10 CMD x\n").reason()
        .contains("not a duration"));
    assertTrue(failure("FROM busybox\nHEALTHCHECK --interval=10us CMD x\n").reason()
        .contains("cannot be less than 1ms"));
    assertTrue(failure("FROM busybox\nHEALTHCHECK --retries=-1 CMD x\n").reason()
        .contains("cannot be negative"));
  }

  @Test
  void heredocsBelongToRunAndCopy() throws Exception {
    List<Instruction> body = body("""
        FROM busybox
        RUN <<EOF
        set -e
        echo "$HOME"
        EOF
        COPY <<-"CONF" /etc/app.conf
        \tkey=$VALUE
        \tCONF
        RUN cat <<A <<B > /out
        a
        A
        b
        B
        RUN echo after
        """);
    RunInstruction run = (RunInstruction) body.get(0);
    assertEquals(List.of(new Heredoc("EOF", "set -e\necho \"$HOME\"\n", true, false)),
        run.heredocs());
    assertEquals("set -e\necho \"$HOME\"\n", run.heredocScript());
    CopyInstruction copy = (CopyInstruction) body.get(1);
    assertEquals(List.of(), copy.sources());
    assertEquals("/etc/app.conf", copy.destination());
    assertEquals(new Heredoc("CONF", "key=$VALUE\n", false, true), copy.heredocs().get(0));
    RunInstruction two = (RunInstruction) body.get(2);
    assertEquals(2, two.heredocs().size());
    assertNull(two.heredocScript());
    assertEquals(List.of("echo after"), ((RunInstruction) body.get(3)).command().args());
    assertEquals(14, body.get(3).line());
  }

  @Test
  void unterminatedHeredocNamesItsLine() {
    DockerfileException e = failure("FROM busybox\nRUN <<EOF\necho hi\n");
    assertEquals(2, e.line());
    assertTrue(e.reason().startsWith("unterminated heredoc EOF"));
  }

  @Test
  void keywordsAreCaseInsensitiveAndCrlfAndBomAreTolerated() throws Exception {
    Dockerfile file = parse("\uFEFFfrom busybox\r\nrun echo hi\r\n");
    assertInstanceOf(RunInstruction.class, file.stages().get(0).instructions().get(0));
    assertEquals(List.of("echo hi"),
        ((RunInstruction) file.stages().get(0).instructions().get(0)).command().args());
  }
}
