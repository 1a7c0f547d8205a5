package dev.edge.runtime.build.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
  @Test
  void dockersDocumentedExampleExcludesWhatItSays() {
    DockerIgnore ignore = DockerIgnore.parse("""
        # comment
        */temp*
        */*/temp*
        temp?
        """);
    assertTrue(ignore.excludes("somedir/temporary.txt"));
    assertTrue(ignore.excludes("somedir/temp"));
    assertTrue(ignore.excludes("somedir/subdir/temporary.txt"));
    assertTrue(ignore.excludes("tempa"));
    assertFalse(ignore.excludes("temp"));
    assertFalse(ignore.excludes("tempab"));
    assertFalse(ignore.excludes("temporary.txt"));
    assertFalse(ignore.excludes("# comment"));
  }

  @Test
  void doubleStarMatchesAnyNumberOfDirectoriesIncludingNone() {
    DockerIgnore ignore = DockerIgnore.parse("**/*.go\nbuild/**/cache\n");
    assertTrue(ignore.excludes("main.go"));
    assertTrue(ignore.excludes("a/b/c/main.go"));
    assertFalse(ignore.excludes("main.gox"));
    assertTrue(ignore.excludes("build/cache"));
    assertTrue(ignore.excludes("build/x/y/cache"));
    assertTrue(ignore.excludes("build/x/cache/file"));
  }

  @Test
  void lastMatchingRuleWinsAndExceptionsReinclude() {
    DockerIgnore ignore = DockerIgnore.parse("*.md\n!README*.md\nREADME-secret.md\n");
    assertTrue(ignore.excludes("notes.md"));
    assertFalse(ignore.excludes("README.md"));
    assertFalse(ignore.excludes("README-public.md"));
    assertTrue(ignore.excludes("README-secret.md"));
  }

  @Test
  void excludingADirectoryExcludesEverythingUnderIt() {
    DockerIgnore ignore = DockerIgnore.parse("node_modules\n/build/\n./dist\n");
    assertTrue(ignore.excludes("node_modules"));
    assertTrue(ignore.excludes("node_modules/a/b.js"));
    assertTrue(ignore.excludes("build/out.o"));
    assertTrue(ignore.excludes("dist"));
    assertFalse(ignore.excludes("src/node_modules_list"));
    assertFalse(ignore.excludes(""));
  }

  @Test
  void anExceptionInsideAnExcludedDirectoryMakesTheWalkEnterIt() {
    DockerIgnore ignore = DockerIgnore.parse("docs\n!docs/keep.md\n");
    assertTrue(ignore.excludes("docs"));
    assertTrue(ignore.excludes("docs/other.md"));
    assertFalse(ignore.excludes("docs/keep.md"));
    assertTrue(ignore.mayReinclude("docs"));
    assertFalse(DockerIgnore.parse("docs\n").mayReinclude("docs"));
  }

  @Test
  void characterClassesQuestionMarksAndEscapesFollowGo() {
    DockerIgnore ignore = DockerIgnore.parse("log[0-9].txt\nfile[^a].c\nweird\\*name\n");
    assertTrue(ignore.excludes("log5.txt"));
    assertFalse(ignore.excludes("logx.txt"));
    assertTrue(ignore.excludes("fileb.c"));
    assertFalse(ignore.excludes("filea.c"));
    assertTrue(ignore.excludes("weird*name"));
    assertFalse(ignore.excludes("weirdXname"));
    assertFalse(ignore.excludes("log5Xtxt"), "dots are literal, not regex");
  }

  @Test
  void malformedPatternNamesItsLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DockerIgnore.parse("ok\n\n[unclosed\n"));
    assertTrue(e.getMessage().startsWith(".dockerignore:3: syntax error in pattern [unclosed"),
        e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> DockerIgnore.parse("!\n"))
        .getMessage().contains("illegal exclusion pattern"));
  }

  @Test
  void pathsAreCleanedLikeGo() {
    assertEquals("a/c", ContextPaths.clean("./a//b/../c/"));
    assertEquals("", ContextPaths.clean("."));
    assertEquals("x", ContextPaths.clean("/x"));
    assertNull(ContextPaths.clean("../x"));
    assertNull(ContextPaths.clean("a/../../x"));
  }
}
