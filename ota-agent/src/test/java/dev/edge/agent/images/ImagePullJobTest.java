package dev.edge.agent.images;

import static dev.edge.agent.jobs.JobsForTests.awaitDone;
import static dev.edge.agent.jobs.JobsForTests.awaitEvent;
import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.agent.jobs.Job;
import dev.edge.agent.jobs.JobEngine;
import dev.edge.agent.jobs.JobEvent;
import dev.edge.agent.jobs.JobState;
import dev.edge.runtime.distribution.Progress;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** image.pull through a fake puller: field checks, percent from bytes, one transfer for concurrent pulls. */
class ImagePullJobTest {
  static final Descriptor LAYER_A = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(bytes("a")), 600);
  static final Descriptor LAYER_B = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(bytes("b")), 400);

  @TempDir Path dir;
  private JobEngine engine;
  private final AtomicInteger pulls = new AtomicInteger();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final CountDownLatch halfway = new CountDownLatch(1);
  private final CountDownLatch finish = new CountDownLatch(1);
  private SharedPulls shared;

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Reports layer A half done, waits for the test, then completes both layers. */
  private ImageRecord fakePull(Reference ref, Optional<Platform> platform, SharedPulls.Tally tally)
      throws IOException, InterruptedException {
    pulls.incrementAndGet();
    tally.expect(List.of(LAYER_A, LAYER_B));
    tally.report(Map.of("status", "Pulling from " + ref.repository(), "id", ref.tagOrDigest()));
    tally.layer(LAYER_B.parsedDigest().shortHex(), "Already exists");
    tally.bytes(LAYER_A.parsedDigest().shortHex(), "Downloading", 300, 600);
    halfway.countDown();
    try {
      finish.await();
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      throw e;
    }
    tally.layer(LAYER_A.parsedDigest().shortHex(), "Pull complete");
    tally.status("Digest: sha256:" + "cd".repeat(32));
    Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(bytes("config")), 6);
    return ImageRecord.of(Digest.sha256(bytes("manifest")), MediaTypes.OCI_MANIFEST, null, config,
        List.of(LAYER_A, LAYER_B), List.of(Digest.sha256(bytes("da")), Digest.sha256(bytes("db"))),
        platform.orElse(new Platform("linux", "arm64", "")), Instant.EPOCH, 1000, Map.of());
  }

  @BeforeEach
  void start() throws Exception {
    shared = new SharedPulls(this::fakePull);
    engine = new JobEngine(dir).register(new ImagePullJob(shared));
  }

  @AfterEach
  void stop() {
    finish.countDown();
    engine.close();
    shared.close();
  }

  @Test
  void concurrentPullsOfOneImageShareOneTransfer() throws Exception {
    Job first = engine.submit(doc("{'type':'image.pull','image':'alpine:3.19','jobId':'x','seq':3}"));
    halfway.await();
    Job second = engine.submit(doc("{'type':'image.pull','image':'docker.io/library/alpine:3.19'}"));
    awaitEvent(second, "joined the pull of alpine:3.19 already running");
    finish.countDown();
    for (Job j : List.of(first, second)) {
      assertEquals(JobState.SUCCEEDED, awaitDone(j).state(), j.error());
      assertEquals(Digest.sha256(bytes("config")).toString(), j.result().get("id"));
      assertEquals(Digest.sha256(bytes("manifest")).toString(), j.result().get("digest"));
      assertEquals("alpine:3.19", j.result().get("image"));
    }
    assertEquals(1, pulls.get());
    assertEquals(false, first.result().get("shared"));
    assertEquals(true, second.result().get("shared"));
  }

  @Test
  void percentComesFromTheLayersBytes() throws Exception {
    Job job = engine.submit(doc("{'type':'image.pull','image':'alpine'}"));
    halfway.await();
    finish.countDown();
    awaitDone(job);
    List<Integer> percents = job.eventsAfter(0, 0).stream().filter(e -> JobEvent.PROGRESS.equals(e.kind()))
        .map(JobEvent::percent).toList();
    // B (400 of 1000 bytes) is already here: 40 %; A half downloaded: 70 %; all: 100 %
    assertTrue(percents.containsAll(List.of(40, 70, 100)), percents.toString());
    assertEquals("alpine:latest", job.result().get("image"));
    assertTrue(awaitEvent(job, "Digest: sha256:").percent() == 100);
  }

  @Test
  void aCanceledFollowerLeavesTheTransferToTheOthers() throws Exception {
    Job first = engine.submit(doc("{'type':'image.pull','image':'alpine'}"));
    halfway.await();
    Job second = engine.submit(doc("{'type':'image.pull','image':'alpine'}"));
    awaitEvent(second, "joined");
    engine.cancel(first.id(), "no longer needed");
    assertEquals(JobState.CANCELED, awaitDone(first).state());
    finish.countDown();
    assertEquals(JobState.SUCCEEDED, awaitDone(second).state(), second.error());
    assertEquals(1, pulls.get());
    assertEquals(0, interrupted.get());
  }

  @Test
  void theTransferStopsWhenNobodyWaitsForIt() throws Exception {
    Job only = engine.submit(doc("{'type':'image.pull','image':'alpine','platform':'linux/arm/v7'}"));
    halfway.await();
    engine.cancel(only.id(), null);
    assertEquals(JobState.CANCELED, awaitDone(only).state());
    long deadline = System.currentTimeMillis() + 5_000;
    while (interrupted.get() == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(1, interrupted.get());
  }

  @Test
  void badFieldsAreRefusedAndPullsResumeAfterARestart() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc("{'type':'image.pull'}")))
        .getMessage().startsWith("image: missing"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(
        "{'type':'image.pull','image':'Bad Name'}"))).getMessage().startsWith("image: "));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.submit(doc(
        "{'type':'image.pull','image':'alpine','platform':'arm64'}"))).getMessage().startsWith("platform: "));
    ImagePullJob job = new ImagePullJob(shared);
    assertTrue(job.resumable());
    assertEquals(java.time.Duration.ofHours(1), job.timeout());
  }

  @Test
  void aFailedPullFailsEveryFollowerWithTheReason() throws Exception {
    SharedPulls failing = new SharedPulls((ref, platform, tally) -> {
      throw new IOException("manifest unknown: " + ref.familiar());
    });
    try (JobEngine e = new JobEngine(dir.resolve("other")).register(new ImagePullJob(failing))) {
      Job job = awaitDone(e.submit(doc("{'type':'image.pull','id':'p-1','image':'nope:1'}")));
      assertEquals("image.pull p-1: pull nope:1: manifest unknown: nope:1", job.error());
    }
    failing.close();
  }

  @Test
  void theTallyIgnoresOtherImagesLayers() {
    int[] last = {-1};
    PullTally tally = new PullTally((percent, message, done, total) -> last[0] = percent);
    tally.expect(List.of(LAYER_A));
    Progress p = tally;
    p.bytes("0123456789ab", "Downloading", 10, 20);
    assertEquals(-1, last[0]);
    p.bytes(LAYER_A.parsedDigest().shortHex(), "Downloading", 600, 600);
    assertEquals(100, last[0]);
  }
}
