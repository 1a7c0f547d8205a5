package dev.edge.agent.firmware;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.artifacts.ArtifactDownloader;
import dev.edge.agent.artifacts.ArtifactServer;
import dev.edge.agent.artifacts.Tarball;
import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** firmware.build with {url, sha256}: a project tarball downloaded, checked, unpacked safely and built. */
class ProjectTarballsTest {
  @TempDir Path dir;
  private ArtifactServer server;
  private JobEngine engine;
  private final FirmwareBuilderTest.FakeRunner runner = new FirmwareBuilderTest.FakeRunner();
  private Path projects;

  @BeforeEach
  void start() throws Exception {
    server = new ArtifactServer();
    projects = dir.resolve("state/projects");
    FirmwareJobs firmware = new FirmwareJobs(new FirmwareBuilder(new FirmwareBuilderTest.FakeResolver(), runner),
        new FirmwareFlasher(null));
    engine = new JobEngine(dir.resolve("jobs"));
    firmware.handlers(new FirmwareJobs.Artifacts(null, new ProjectTarballs(new ArtifactDownloader(), projects,
        dir.resolve("state/downloads")))).forEach(engine::register);
  }

  @AfterEach
  void stop() {
    engine.close();
    server.close();
  }

  private String serve(String path, byte[] tarball) {
    server.file(path, tarball);
    return "{'type':'firmware.build','url':'" + server.url(path) + "','sha256':'" + Hashes.sha256(tarball) + "'}";
  }

  private static byte[] blink() {
    return new Tarball().dir("blink-1.0").file("blink-1.0/" + FirmwareDescriptor.FILE_NAME,
        FirmwareBuilderTest.DESCRIPTOR).file("blink-1.0/main.c", "int main;\n")
        .file("blink-1.0/.gitignore", "*.o\n").gzip();
  }

  @Test
  void aTarballIsUnpackedOnceAndBuiltInItsTopLevelDirectory() throws Exception {
    byte[] tarball = blink();
    String sha = Hashes.sha256(tarball);
    Job job = awaitDone(engine.submit(doc(serve("/blink.tgz", tarball))));
    assertEquals(JobState.SUCCEEDED, job.state(), job.error());
    Path project = projects.resolve(sha).resolve("blink-1.0");
    assertEquals(project, runner.runs.get(0).projectDir());
    Map<String, Object> r = job.result();
    assertEquals(project.toString(), r.get("dir"));
    assertEquals(project.resolve("build/edge").toString(), r.get("outputDir"));
    assertEquals(false, r.get("cached"));
    assertTrue(r.get("provenance") instanceof Map<?, ?>);
    assertEquals(Map.of("url", server.url("/blink.tgz"), "sha256", sha), r.get("source"));
    assertTrue(Files.isRegularFile(project.resolve("build/edge/provenance.json")));

    Job again = awaitDone(engine.submit(doc(serve("/blink.tgz", tarball))));
    assertEquals(JobState.SUCCEEDED, again.state(), again.error());
    assertEquals(true, again.result().get("cached"));
    assertEquals(1, server.hits("/blink.tgz")); // the unpacked tree was still there
  }

  @Test
  void aPathTraversalTarballIsRefusedAndLeavesNothing() throws Exception {
    byte[] evil = new Tarball().file(FirmwareDescriptor.FILE_NAME, FirmwareBuilderTest.DESCRIPTOR)
        .file("../../evil.sh", "#!/bin/sh\n").gzip();
    Job job = awaitDone(engine.submit(doc(serve("/evil.tgz", evil).replace("{'type'", "{'id':'b-1','type'"))));
    assertEquals(JobState.FAILED, job.state());
    assertEquals("firmware.build b-1: tarball entry ../../evil.sh: the path contains \"..\" and could escape the"
        + " project directory", job.error());
    try (Stream<Path> left = Files.list(projects)) {
      assertEquals(0, left.count());
    }
    assertFalse(Files.exists(dir.resolve("state/evil.sh")));
    assertTrue(runner.runs.isEmpty());
  }

  @Test
  void aSymlinkOutOfTheProjectIsRefused() throws Exception {
    byte[] evil = new Tarball().file(FirmwareDescriptor.FILE_NAME, FirmwareBuilderTest.DESCRIPTOR)
        .symlink("main.c", "/etc/shadow").gzip();
    Job job = awaitDone(engine.submit(doc(serve("/link.tgz", evil))));
    assertEquals(JobState.FAILED, job.state());
    assertTrue(job.error().contains("tarball entry main.c: symlink to the absolute path /etc/shadow"),
        job.error());
  }

  @Test
  void aHashMismatchIsRefusedBeforeUnpacking() throws Exception {
    server.file("/blink.tgz", blink());
    String wrong = "e".repeat(64);
    Job job = awaitDone(engine.submit(doc("{'type':'firmware.build','url':'" + server.url("/blink.tgz")
        + "','sha256':'" + wrong + "'}")));
    assertEquals(JobState.FAILED, job.state());
    assertTrue(job.error().contains("artifact sha256 mismatch: expected " + wrong), job.error());
    assertFalse(Files.exists(projects));
  }

  @Test
  void aTarballWithoutADescriptorSaysSo() throws Exception {
    Job job = awaitDone(engine.submit(doc(serve("/empty.tgz", new Tarball().file("README", "hi").gzip()))));
    assertEquals(JobState.FAILED, job.state());
    assertTrue(job.error().endsWith("holds no edge-firmware.yaml at its top or in its only top-level directory"),
        job.error());
  }

  @Test
  void badFieldsAreRefusedWhenSubmitted() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(
        "{'type':'firmware.build','url':'https://h/p.tgz'}"))).getMessage().startsWith("sha256: missing"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(
        "{'type':'firmware.build','url':'https://h/p.tgz','sha256':'" + "a".repeat(64) + "','uid':-1}")))
        .getMessage().startsWith("uid:"));
  }
}
