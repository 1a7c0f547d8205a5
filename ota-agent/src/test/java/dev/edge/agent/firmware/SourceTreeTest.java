package dev.edge.agent.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTreeTest {
  @TempDir Path tmp;

  private Path project(String name) throws Exception {
    Path p = tmp.resolve(name);
    write(p, "Makefile", "all:\n");
    write(p, "src/main.c", "int main;\n");
    write(p, ".gitignore", "build/\n*.o\n!keep.o\n");
    return p;
  }

  private static void write(Path root, String path, String text) throws Exception {
    Path f = root.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private static String digest(Path root) throws Exception {
    return SourceTree.digest(root, Set.of("build/edge")).digest();
  }

  @Test
  void sameSourcesInDifferentPlacesAndTimesGiveTheSameDigest() throws Exception {
    Path a = project("a");
    Path b = project("deeper/checkout/b");
    Files.setLastModifiedTime(b.resolve("Makefile"), FileTime.fromMillis(0));
    assertEquals(digest(a), digest(b));
    assertTrue(digest(a).matches("sha256:[0-9a-f]{64}"));
  }

  @Test
  void listingIsSortedAndNamesKindHashAndPath() throws Exception {
    SourceTree.Digest d = SourceTree.digest(project("p"), Set.of());
    assertEquals(3, d.files());
    List<String> paths = d.listing().stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    assertEquals(List.of(".gitignore", "Makefile", "src/main.c"), paths);
    assertTrue(d.listing().get(1).startsWith("f "), d.listing().get(1));
  }

  @Test
  void contentModeAndNewFilesChangeTheDigest() throws Exception {
    Path p = project("p");
    String before = digest(p);
    write(p, "src/main.c", "int main = 1;\n");
    String edited = digest(p);
    assertNotEquals(before, edited);
    Files.setPosixFilePermissions(p.resolve("Makefile"), PosixFilePermissions.fromString("rwxr-xr-x"));
    String executable = digest(p);
    assertNotEquals(edited, executable);
    write(p, "src/extra.h", "");
    assertNotEquals(executable, digest(p));
  }

  @Test
  void ignoredAndExcludedPathsDoNotCount() throws Exception {
    Path p = project("p");
    String before = digest(p);
    write(p, "build/out.elf", "elf");
    write(p, "src/main.o", "obj");
    write(p, "build/edge/provenance.json", "{}");
    write(p, ".git/HEAD", "ref: refs/heads/main\n");
    assertEquals(before, digest(p));
    write(p, "src/keep.o", "negated, so a source");
    assertNotEquals(before, digest(p));
  }

  @Test
  void excludedPathsCountWhenNotIgnored() throws Exception {
    Path p = tmp.resolve("plain");
    write(p, "main.c", "x");
    write(p, "build/edge/blink-0x00000.bin", "image");
    write(p, "out/app.elf", "elf");
    String withOutputs = SourceTree.digest(p, Set.of()).digest();
    String without = SourceTree.digest(p, Set.of("build/edge", "out/app.elf")).digest();
    assertNotEquals(withOutputs, without);
    Files.delete(p.resolve("out/app.elf"));
    assertEquals(without, SourceTree.digest(p, Set.of("build/edge", "out/app.elf")).digest());
  }

  @Test
  void nestedGitignoreOverridesTheRootOne() throws Exception {
    Path p = project("p");
    write(p, "lib/.gitignore", "!*.o\ngenerated.c\n");
    write(p, "lib/vendor.o", "prebuilt");
    write(p, "lib/generated.c", "gen");
    write(p, "src/generated.c", "counted: the lib rule does not reach src");
    List<String> listing = SourceTree.digest(p, Set.of()).listing();
    assertTrue(listing.stream().anyMatch(l -> l.endsWith(" lib/vendor.o")), listing.toString());
    assertFalse(listing.stream().anyMatch(l -> l.endsWith(" lib/generated.c")), listing.toString());
    assertTrue(listing.stream().anyMatch(l -> l.endsWith(" src/generated.c")), listing.toString());
  }

  @Test
  void symlinksAreHashedByTargetNotFollowed() throws Exception {
    Path p = project("p");
    Files.createSymbolicLink(p.resolve("link"), Path.of("/etc/hostname"));
    List<String> listing = SourceTree.digest(p, Set.of()).listing();
    assertTrue(listing.stream().anyMatch(l -> l.startsWith("l ") && l.endsWith(" link")), listing.toString());
  }

  @Test
  void gitignorePatterns() {
    GitIgnore g = GitIgnore.parse("# comment\n/top.txt\ndoc/*.md\n**/cache/\nlogs/**\na/**/z\n*.[oa]\n"
        + "\\#hash\nspace\\ \n");
    assertEquals(Boolean.TRUE, g.decide("top.txt", false));
    assertNull(g.decide("sub/top.txt", false));
    assertEquals(Boolean.TRUE, g.decide("doc/x.md", false));
    assertNull(g.decide("doc/sub/x.md", false));
    assertEquals(Boolean.TRUE, g.decide("deep/er/cache", true));
    assertNull(g.decide("deep/er/cache", false));
    assertEquals(Boolean.TRUE, g.decide("logs/a/b", false));
    assertEquals(Boolean.TRUE, g.decide("a/z", false));
    assertEquals(Boolean.TRUE, g.decide("a/b/c/z", false));
    assertEquals(Boolean.TRUE, g.decide("x/lib.a", false));
    assertNull(g.decide("x/lib.c", false));
    assertEquals(Boolean.TRUE, g.decide("#hash", false));
    assertEquals(Boolean.TRUE, g.decide("space ", false));
  }
}
