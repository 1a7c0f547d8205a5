package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlobPushTest {
  static final byte[] BLOB = new byte[10_000];
  static final Digest DIGEST;

  static {
    new Random(3).nextBytes(BLOB);
    DIGEST = Digest.sha256(BLOB);
  }

  FakeRegistry fake;
  FakeRegistry uploads;
  RegistryTransport transport;

  @BeforeEach
  void start() throws Exception {
    fake = FakeRegistry.start();
    uploads = FakeRegistry.start();
    transport = new RegistryTransport(TestTransports.config(fake.host()).withUploadSizes(4096, 4096),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    fake.close();
    uploads.close();
  }

  @Test
  void monolithicUploadKeepsTheLocationsQueryAndAppendsTheDigest() throws Exception {
    byte[] small = new byte[3000];
    new Random(1).nextBytes(small);
    Digest digest = Digest.sha256(small);
    fake.on("POST", "/v2/tc/blobs/uploads/", status(202, "Location", "/v2/tc/blobs/uploads/u1?_state=a%2Bb="));
    fake.on("PUT", "/v2/tc/blobs/uploads/u1", status(201, "Docker-Content-Digest", digest.toString()));
    List<Long> progress = new ArrayList<>();
    RegistryClient.create(transport, fake.host(), null)
        .pushBlob("tc", digest, small.length, () -> new ByteArrayInputStream(small), progress::add);
    FakeRegistry.Seen put = fake.seen("PUT", "/v2/tc/blobs/uploads/u1").get(0);
    assertEquals("/v2/tc/blobs/uploads/u1?_state=a%2Bb=&digest=" + digest.toString().replace(":", "%3A"),
        put.uri());
    assertArrayEquals(small, put.body());
    assertEquals("application/octet-stream", put.header("Content-Type"));
    assertEquals(small.length, progress.get(progress.size() - 1));
  }

  @Test
  void chunkedUploadFollowsEachAbsoluteLocationAcrossHosts() throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    fake.on("POST", "/v2/tc/blobs/uploads/", status(202, "Location", uploads.url() + "/up/1?sig=x"));
    for (int i = 1; i <= 3; i++) {
      int n = i;
      uploads.on("PATCH", "/up/" + n, ex -> {
        byte[] chunk = (byte[]) ex.getAttribute(FakeRegistry.BODY);
        received.write(chunk);
        ex.getResponseHeaders().add("Location", "/up/" + (n + 1) + "?sig=x");
        ex.getResponseHeaders().add("Range", "0-" + (received.size() - 1));
        ex.sendResponseHeaders(202, -1);
      });
    }
    uploads.on("PUT", "/up/4", status(201));
    RegistryClient.create(transport, fake.host(), Credentials.of("u", "p"))
        .pushBlob("tc", DIGEST, BLOB.length, () -> new ByteArrayInputStream(BLOB), n -> { });
    assertArrayEquals(BLOB, received.toByteArray());
    assertEquals("0-4095", uploads.seen("PATCH", "/up/1").get(0).header("Content-Range"));
    assertEquals("4096-8191", uploads.seen("PATCH", "/up/2").get(0).header("Content-Range"));
    assertEquals("8192-9999", uploads.seen("PATCH", "/up/3").get(0).header("Content-Range"));
    assertTrue(uploads.seen("PUT", "/up/4").get(0).uri().endsWith("?sig=x&digest=" + DIGEST.toString().replace(":", "%3A")));
    assertEquals(0, uploads.seen("PUT", "/up/4").get(0).body().length);
  }

  @Test
  void registryReportingAWrongRangeAbortsAndCancelsTheUpload() {
    fake.on("POST", "/v2/tc/blobs/uploads/", status(202, "Location", "/v2/tc/blobs/uploads/u1"));
    fake.on("PATCH", "/v2/tc/blobs/uploads/u1", status(202, "Location", "/v2/tc/blobs/uploads/u1", "Range", "0-99"));
    fake.on("DELETE", "/v2/tc/blobs/uploads/u1", status(204));
    RegistryException e = assertThrows(RegistryException.class, () -> RegistryClient.create(transport, fake.host(), null)
        .pushBlob("tc", DIGEST, BLOB.length, () -> new ByteArrayInputStream(BLOB), n -> { }));
    assertTrue(e.getMessage().endsWith("after sending bytes 0-4095 the registry reports Range \"0-99\""), e.getMessage());
    assertEquals(1, fake.seen("DELETE", "/v2/tc/blobs/uploads/u1").size());
  }

  @Test
  void failedUploadStartsOverInANewSession() throws Exception {
    fake.on("POST", "/v2/tc/blobs/uploads/", status(202, "Location", "/v2/tc/blobs/uploads/a"),
        status(202, "Location", "/v2/tc/blobs/uploads/b"));
    fake.on("PUT", "/v2/tc/blobs/uploads/a", status(503));
    fake.on("PUT", "/v2/tc/blobs/uploads/b", status(201));
    byte[] small = new byte[100];
    RegistryClient.create(transport, fake.host(), null)
        .pushBlob("tc", Digest.sha256(small), small.length, () -> new ByteArrayInputStream(small), n -> { });
    assertEquals(1, fake.seen("PUT", "/v2/tc/blobs/uploads/b").size());
  }

  @Test
  void refusedMountIsFalseAndItsSessionIsCancelled() throws Exception {
    fake.on("POST", "/v2/tc/blobs/uploads/", status(202, "Location", "/v2/tc/blobs/uploads/m"));
    fake.on("DELETE", "/v2/tc/blobs/uploads/m", status(204));
    assertFalse(RegistryClient.create(transport, fake.host(), null).mountBlob("tc", DIGEST, "other"));
    assertEquals(1, fake.seen("DELETE", "/v2/tc/blobs/uploads/m").size());
  }

  @Test
  void headSaysWhetherTheBlobExists() throws Exception {
    fake.on("HEAD", "/v2/tc/blobs/" + DIGEST, status(200));
    RegistryClient client = RegistryClient.create(transport, fake.host(), null);
    assertTrue(client.blobExists("tc", DIGEST));
    assertFalse(client.blobExists("tc", Digest.sha256(new byte[1])));
  }

  @Test
  void manifestPushSendsItsMediaTypeAndChecksTheStoredDigest() throws Exception {
    byte[] m = ManifestFetchTest.BYTES;
    fake.on("PUT", "/v2/tc/manifests/1", status(201, "Docker-Content-Digest", Digest.sha256(m).toString()),
        status(201, "Docker-Content-Digest", DIGEST.toString()));
    RegistryClient client = RegistryClient.create(transport, fake.host(), null);
    assertEquals(Digest.sha256(m), client.pushManifest("tc", "1", m, MediaTypes.OCI_MANIFEST));
    assertEquals(MediaTypes.OCI_MANIFEST, fake.seen("PUT", "/v2/tc/manifests/1").get(0).header("Content-Type"));
    RegistryContentException e = assertThrows(RegistryContentException.class,
        () -> client.pushManifest("tc", "1", m, MediaTypes.OCI_MANIFEST));
    assertTrue(e.getMessage().contains("registry stored the manifest as " + DIGEST), e.getMessage());
    assertThrows(RegistryContentException.class, () -> client.pushManifest("tc", "1", m, "text/plain"));
  }
}
