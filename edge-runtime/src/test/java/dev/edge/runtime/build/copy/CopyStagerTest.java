package dev.edge.runtime.build.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.build.context.BuildContext;
import dev.edge.runtime.build.context.ScopedPaths;
import dev.edge.runtime.build.context.SourceRoot;
import dev.edge.runtime.build.dockerfile.Heredoc;
import dev.edge.runtime.build.layer.LayerOptions;
import dev.edge.runtime.build.layer.LayerWriter;
import dev.edge.runtime.unpack.Posix;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyStagerTest {
  private static final long MTIME = Instant.parse("2022-02-02T02:02:02Z").getEpochSecond();
  private static final Instant HEREDOC_TIME = Instant.parse("2023-03-03T03:03:03Z");
  @TempDir Path temp;
  private Path context;
  private Path image;

  @BeforeEach
  void setUp() throws IOException {
    context = temp.resolve("ctx");
    Files.createDirectories(context.resolve("app/bin"));
    Files.writeString(context.resolve("app/bin/run"), "#!/bin/sh\n");
    Posix.chmod(context.resolve("app/bin/run"), 0755);
    Files.writeString(context.resolve("app/config"), "k=v");
    Posix.chmod(context.resolve("app/config"), 0600);
    Files.createSymbolicLink(context.resolve("app/current"), Path.of("bin/run"));
    Files.writeString(context.resolve("one.txt"), "1");
    Files.writeString(context.resolve("two.txt"), "2");
    for (Path p : Files.walk(context).toList()) {
      Posix.setTimesNoFollow(p, MTIME, 0);
    }
    image = temp.resolve("image");
    Files.createDirectories(image.resolve("usr/local"));
    Posix.chmod(image.resolve("usr/local"), 0700);
    Files.createSymbolicLink(image.resolve("opt"), Path.of("/usr/local"));
    Files.writeString(temp.resolve("host-file"), "host");
  }

  private List<SourceRoot> select(String... sources) throws IOException {
    BuildContext ctx = BuildContext.open(context);
    List<SourceRoot> roots = new ArrayList<>();
    for (String s : sources) {
      roots.addAll(ctx.select(s));
    }
    return roots;
  }

  private List<CopyTarget> targets(String dest, String workdir, List<SourceRoot> roots,
      List<Heredoc> docs) {
    return CopyTargets.resolve("COPY", dest, workdir, roots, docs, p -> {
      try {
        return ScopedPaths.isDirectory(image, p);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static Map<String, Object> unix(Path p) throws IOException {
    return Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void destinationsFollowDockersRules() throws IOException {
    List<String> paths = targets("/srv/", "/", select("app"), List.of()).stream()
        .map(CopyTarget::path).toList();
    assertEquals(List.of("/srv", "/srv/bin", "/srv/bin/run", "/srv/config", "/srv/current"),
        paths);
    assertEquals("/work/renamed.txt",
        targets("renamed.txt", "/work", select("one.txt"), List.of()).get(0).path());
    assertEquals("/work/one.txt", targets("./", "/work", select("one.txt"), List.of())
        .get(0).path());
    assertEquals("/usr/local/one.txt",
        targets("/usr/local", "/", select("one.txt"), List.of()).get(0).path(),
        "an existing directory receives the file by its name");
    assertEquals(List.of("/d/one.txt", "/d/two.txt"), targets("/d/", "/", select("*.txt"),
        List.of()).stream().map(CopyTarget::path).toList());
    IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
        () -> targets("/d", "/", select("one.txt", "two.txt"), List.of()));
    assertTrue(many.getMessage().contains("must be a directory and end with a /"));
    assertEquals("/etc/EOF", targets("/etc/", "/", List.of(),
        List.of(new Heredoc("EOF", "x\n", true, false))).get(0).path());
  }

  @Test
  void filesKeepModeAndMtimeAndTakeTheChownOwner() throws IOException {
    List<CopyTarget> t = targets("/srv/app/", "/", select("app"), List.of());
    new CopyStager(new Ownership(1000, 1001), null, HEREDOC_TIME).stage(t, image);
    Path run = image.resolve("srv/app/bin/run");
    assertEquals("#!/bin/sh\n", Files.readString(run));
    assertEquals(0755, (Integer) unix(run).get("mode") & 07777);
    assertEquals(0600, (Integer) unix(image.resolve("srv/app/config")).get("mode") & 07777);
    assertEquals(1000, unix(run).get("uid"));
    assertEquals(1001, unix(run).get("gid"));
    assertEquals(MTIME, Files.getLastModifiedTime(run).toInstant().getEpochSecond());
    assertEquals(MTIME, Files.getLastModifiedTime(image.resolve("srv/app/bin"))
        .toInstant().getEpochSecond(), "directory times are set after their children");
    assertEquals(Path.of("bin/run"), Files.readSymbolicLink(image.resolve("srv/app/current")));
    Map<String, Object> created = unix(image.resolve("srv"));
    assertEquals(0755, (Integer) created.get("mode") & 07777);
    assertEquals(1000, created.get("uid"));
  }

  @Test
  void chmodReplacesModesAndExistingDirectoriesKeepTheirs() throws IOException {
    List<CopyTarget> t = targets("/usr/local/", "/", select("app"), List.of());
    new CopyStager(Ownership.ROOT, 0640, HEREDOC_TIME).stage(t, image);
    assertEquals(0640, (Integer) unix(image.resolve("usr/local/bin/run")).get("mode") & 07777);
    assertEquals(0700, (Integer) unix(image.resolve("usr/local")).get("mode") & 07777);
  }

  @Test
  void linksInTheImageAreFollowedInsideTheRootOnly() throws IOException {
    new CopyStager(Ownership.ROOT, null, HEREDOC_TIME)
        .stage(targets("/opt/", "/", select("one.txt"), List.of()), image);
    assertTrue(Files.exists(image.resolve("usr/local/one.txt")));
    Files.createSymbolicLink(image.resolve("escape"), Path.of("../../.."));
    assertEquals(image.resolve("x"), ScopedPaths.resolve(image, "/escape/x"));
    Files.createSymbolicLink(image.resolve("loop"), Path.of("loop"));
    assertThrows(IOException.class, () -> ScopedPaths.resolve(image, "/loop/x"));
    assertEquals("host", Files.readString(temp.resolve("host-file")));
  }

  @Test
  void heredocFilesGetTheirContentAndDefaultMode() throws IOException {
    Heredoc doc = new Heredoc("CONF", "key=value\n", true, false);
    new CopyStager(Ownership.ROOT, null, HEREDOC_TIME)
        .stage(targets("/etc/app.conf", "/", List.of(), List.of(doc)), image);
    Path conf = image.resolve("etc/app.conf");
    assertEquals("key=value\n", Files.readString(conf));
    assertEquals(0644, (Integer) unix(conf).get("mode") & 07777);
    assertEquals(HEREDOC_TIME, Files.getLastModifiedTime(conf).toInstant());
  }

  @Test
  void aFileCannotReplaceADirectoryNorGoUnderAFile() throws IOException {
    Files.createDirectories(image.resolve("srv/one.txt"));
    IOException dir = assertThrows(IOException.class, () -> new CopyStager(Ownership.ROOT, null,
        HEREDOC_TIME).stage(targets("/srv/", "/", select("one.txt"), List.of()), image));
    assertTrue(dir.getMessage().contains("cannot replace directory"), dir.getMessage());
    Files.writeString(image.resolve("file"), "f");
    IOException under = assertThrows(IOException.class, () -> new CopyStager(Ownership.ROOT,
        null, HEREDOC_TIME).stage(targets("/file/x/", "/", select("one.txt"), List.of()), image));
    assertTrue(under.getMessage().contains("is not a directory in the image"),
        under.getMessage());
  }

  @Test
  void aStagedCopyGivesTheSameLayerTwice() throws IOException {
    List<byte[]> blobs = new ArrayList<>();
    for (String name : List.of("s1", "s2")) {
      Path staging = temp.resolve(name);
      Files.createDirectories(staging);
      new CopyStager(Ownership.ROOT, null, HEREDOC_TIME)
          .stage(targets("/srv/", "/", select("app"), List.of()), staging);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new LayerWriter(LayerOptions.fromEnvironment(Long.toString(MTIME))).write(staging, out);
      blobs.add(out.toByteArray());
    }
    assertTrue(java.util.Arrays.equals(blobs.get(0), blobs.get(1)));
    assertFalse(blobs.get(0).length == 0);
  }

  @Test
  void chownNamesResolveThroughTheImagesPasswdAndGroupFiles() throws IOException {
    Files.createDirectories(image.resolve("etc"));
    Files.writeString(image.resolve("etc/passwd"),
        "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(image.resolve("etc/group"), "root:x:0:\napp:x:1000:\nstaff:x:50:\n");
    OwnershipResolver r = OwnershipResolver.forRoot(image);
    assertEquals(Ownership.ROOT, r.resolve(null));
    assertEquals(new Ownership(1000, 1000), r.resolve("app"));
    assertEquals(new Ownership(1000, 50), r.resolve("app:staff"));
    assertEquals(new Ownership(7, 7), r.resolve("7"));
    assertEquals(new Ownership(7, 50), r.resolve("7:staff"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.resolve("nobody"));
    assertEquals("--chown=nobody: can't find user nobody: no matching entries in passwd file",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.resolve("a:b:c"));
    assertThrows(IllegalArgumentException.class,
        () -> OwnershipResolver.forRoot(temp.resolve("empty")).resolve("app"));
  }

  @Test
  void workdirIsCreatedOnlyWhenMissingAndOwnedByTheUser() throws IOException {
    assertTrue(Workdirs.create(image, "/project/src", new Ownership(1000, 1000)));
    assertEquals(1000, unix(image.resolve("project/src")).get("uid"));
    assertEquals(0755, (Integer) unix(image.resolve("project")).get("mode") & 07777);
    assertFalse(Workdirs.create(image, "/project/src", Ownership.ROOT));
    assertFalse(Workdirs.create(image, "/opt", Ownership.ROOT), "a link to a directory is one");
    Files.writeString(image.resolve("file"), "f");
    assertThrows(IOException.class, () -> Workdirs.create(image, "/file/x", Ownership.ROOT));
  }
}
