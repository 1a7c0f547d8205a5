package dev.edge.agent.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.unpack.Limits;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUntarTest {
  @TempDir Path tmp;
  private final SafeUntar untar = new SafeUntar(Limits.defaults());

  private Path write(byte[] tarball) throws Exception {
    return Files.write(tmp.resolve("in.tar"), tarball);
  }

  private String refusal(Tarball t) throws Exception {
    Path in = write(t.gzip());
    return assertThrows(ArtifactException.class, () -> untar.extract(in, tmp.resolve("out"))).getMessage();
  }

  @Test
  void filesDirectoriesAndLinksInsideTheTreeAreUnpacked() throws Exception {
    Path in = write(new Tarball().dir("p").file("p/edge-firmware.yaml", "chip: esp8266\n")
        .file("p/tools/gen.sh", "#!/bin/sh\n".getBytes(), 04755).file("p/src/main.c", "int main;\n")
        .symlink("p/include", "src").symlink("p/src/self", "../src/main.c").hardLink("p/copy.c", "p/src/main.c")
        .gzip());
    SafeUntar.Result r = untar.extract(in, tmp.resolve("out"));
    Path p = tmp.resolve("out/p");
    assertEquals(7, r.entries());
    assertEquals("int main;\n", Files.readString(p.resolve("include/main.c")));
    assertEquals("int main;\n", Files.readString(p.resolve("src/self")));
    assertEquals("int main;\n", Files.readString(p.resolve("copy.c")));
    // executable stays executable; setuid never comes along
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.resolve("tools/gen.sh"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(p.resolve("src/main.c"))));
  }

  @Test
  void plainTarsUnpackToo() throws Exception {
    Path in = write(new Tarball().file("a.txt", "a").plain());
    untar.extract(in, tmp.resolve("out"));
    assertEquals("a", Files.readString(tmp.resolve("out/a.txt")));
  }

  @Test
  void pathTraversalIsRefusedAndNothingLandsOutside() throws Exception {
    String m = refusal(new Tarball().file("ok.txt", "ok").file("../evil.txt", "x"));
    assertEquals("tarball entry ../evil.txt: the path contains \"..\" and could escape the project directory", m);
    assertFalse(Files.exists(tmp.resolve("evil.txt")));
    assertTrue(refusal(new Tarball().file("a/../../evil.txt", "x")).contains("\"..\""));
  }

  @Test
  void absoluteNamesAreRefused() throws Exception {
    assertEquals("tarball entry /etc/passwd: absolute path", refusal(new Tarball().file("/etc/passwd", "x")));
  }

  @Test
  void symlinksLeavingTheTreeAreRefused() throws Exception {
    assertTrue(refusal(new Tarball().symlink("etc", "/etc")).contains("absolute path /etc leaves"));
    assertTrue(refusal(new Tarball().dir("a").symlink("a/up", "../..")).contains("leaves the project directory"));
    // "s" is the root itself, so "s/.." would be its parent: names followed by ".." are refused
    assertTrue(refusal(new Tarball().symlink("s", ".").symlink("t", "s/.."))
        .startsWith("tarball entry t: symlink to s/..: \"..\" after a name"));
  }

  @Test
  void writesThroughALinkedDirectoryAreRefused() throws Exception {
    Files.createDirectories(tmp.resolve("outside"));
    String m = refusal(new Tarball().symlink("d", "sub").dir("sub").file("d/x", "x"));
    assertTrue(m.startsWith("tarball entry d/x: parent d is a symlink"), m);
    assertFalse(Files.exists(tmp.resolve("out/sub/x")));
  }

  @Test
  void hardLinksMustPointAtAFileAlreadyUnpacked() throws Exception {
    assertTrue(refusal(new Tarball().hardLink("h", "../../etc/shadow")).contains("outside the project"));
    assertTrue(refusal(new Tarball().hardLink("h", "missing")).contains("is not a file unpacked before it"));
  }

  @Test
  void devicesAndFifosAreRefused() throws Exception {
    assertTrue(refusal(new Tarball().fifo("p")).contains("unsupported entry type"));
  }

  @Test
  void aTreeOverTheLimitIsRefused() throws Exception {
    Path in = write(new Tarball().file("big", new byte[5000], 0644).gzip());
    SafeUntar small = new SafeUntar(Limits.defaults().withMaxUncompressedBytes(4096));
    assertTrue(assertThrows(ArtifactException.class, () -> small.extract(in, tmp.resolve("out"))).getMessage()
        .contains("larger than the limit"));
  }

  @Test
  void garbageIsNotATar() throws Exception {
    Path in = Files.write(tmp.resolve("junk"), "this is not a tarball at all, just text".repeat(20).getBytes());
    assertThrows(ArtifactException.class, () -> untar.extract(in, tmp.resolve("out")));
    assertFalse(Files.exists(tmp.resolve("out/x"), LinkOption.NOFOLLOW_LINKS));
  }
}
