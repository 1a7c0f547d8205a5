package dev.edge.runtime.build.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {
  @TempDir Path temp;
  private Path root;

  @BeforeEach
  void context() throws IOException {
    root = temp.resolve("ctx");
    write("Dockerfile", "FROM busybox\n");
    write("a.txt", "a");
    write("b.txt", "b");
    write("notes.md", "n");
    write("src/main.c", "int main;");
    write("src/util.c", "u");
    write("src/inc/util.h", "h");
    write("src/build/out.o", "o");
    write("docs/keep.md", "k");
    write("docs/drop.md", "d");
    write(".dockerignore", "*.md\nsrc/build\ndocs\n!docs/keep.md\n");
    Files.writeString(temp.resolve("secret"), "outside");
    Files.createSymbolicLink(root.resolve("link-in"), Path.of("a.txt"));
    Files.createSymbolicLink(root.resolve("link-out"), Path.of("../secret"));
  }

  private void write(String name, String content) throws IOException {
    Path path = root.resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
  }

  private static List<String> relatives(SourceRoot root) {
    return root.entries().stream().map(ContextEntry::relative).toList();
  }

  @Test
  void aSourceAboveTheRootIsRefusedNamingTheSource() throws IOException {
    BuildContext context = BuildContext.open(root);
    ContextSourceException e = assertThrows(ContextSourceException.class,
        () -> context.select("../secret"));
    assertEquals("../secret", e.source());
    assertTrue(e.getMessage().startsWith("source ../secret: outside the build context"),
        e.getMessage());
    assertThrows(ContextSourceException.class, () -> context.select("src/../../secret"));
  }

  @Test
  void aMissingOrExcludedSourceIsNamed() throws IOException {
    BuildContext context = BuildContext.open(root);
    ContextSourceException missing = assertThrows(ContextSourceException.class,
        () -> context.select("nope.txt"));
    assertTrue(missing.getMessage().startsWith("source nope.txt: file not found in build"
        + " context"), missing.getMessage());
    ContextSourceException excluded = assertThrows(ContextSourceException.class,
        () -> context.select("notes.md"));
    assertEquals("source notes.md: excluded by .dockerignore", excluded.getMessage());
  }

  @Test
  void aDirectorySourceListsItsEntriesSortedWithoutExcludedOnes() throws IOException {
    List<SourceRoot> roots = BuildContext.open(root).select("./src/");
    assertEquals(1, roots.size());
    assertTrue(roots.get(0).directory());
    assertEquals(List.of("", "inc", "inc/util.h", "main.c", "util.c"), relatives(roots.get(0)));
  }

  @Test
  void anExceptionReachesIntoAnExcludedDirectory() throws IOException {
    List<SourceRoot> roots = BuildContext.open(root).select(".");
    List<String> all = relatives(roots.get(0));
    assertTrue(all.contains("docs/keep.md"));
    assertFalse(all.contains("docs/drop.md"));
    assertFalse(all.contains("docs"));
    assertFalse(all.contains("notes.md"));
    assertFalse(all.contains("src/build/out.o"));
    assertTrue(all.contains("Dockerfile"));
  }

  @Test
  void wildcardsSelectOneRootPerMatch() throws IOException {
    BuildContext context = BuildContext.open(root);
    List<SourceRoot> txt = context.select("*.txt");
    assertEquals(List.of("a.txt", "b.txt"), txt.stream().map(SourceRoot::contextPath).toList());
    assertEquals("a.txt", txt.get(0).baseName());
    List<SourceRoot> c = context.select("src/*.c");
    assertEquals(List.of("src/main.c", "src/util.c"),
        c.stream().map(SourceRoot::contextPath).toList());
    List<SourceRoot> deep = context.select("**/*.h");
    assertEquals(List.of("src/inc/util.h"), deep.stream().map(SourceRoot::contextPath).toList());
    ContextSourceException none = assertThrows(ContextSourceException.class,
        () -> context.select("*.rs"));
    assertTrue(none.getMessage().contains("no source files were specified"));
    assertThrows(ContextSourceException.class, () -> context.select("*.md"));
  }

  @Test
  void aLinkNamedAsSourceIsFollowedOnlyInsideTheContext() throws IOException {
    Files.createSymbolicLink(root.resolve("link-abs"), Path.of("/a.txt"));
    Files.createSymbolicLink(root.resolve("src/link-up"), Path.of("../b.txt"));
    BuildContext context = BuildContext.open(root);
    SourceRoot in = context.select("link-in").get(0);
    assertTrue(in.entries().get(0).stat().isRegularFile());
    assertEquals(root.resolve("a.txt"), context.select("link-abs").get(0).entries().get(0)
        .path(), "an absolute link means the context root, not the host's /");
    assertEquals(root.resolve("b.txt"), context.select("src/link-up").get(0).entries().get(0)
        .path());
    ContextSourceException out = assertThrows(ContextSourceException.class,
        () -> context.select("link-out"));
    assertTrue(out.getMessage().contains("file not found in build context"), out.getMessage());
    assertTrue(out.getMessage().contains("resolves to " + root.resolve("secret")),
        out.getMessage());
  }

  @Test
  void linksInsideADirectoryStayLinks() throws IOException {
    List<ContextEntry> entries = BuildContext.open(root).select(".").get(0).entries();
    ContextEntry link = entries.stream().filter(e -> e.relative().equals("link-out"))
        .findFirst().orElseThrow();
    assertTrue(link.stat().isSymbolicLink());
  }
}
