package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttachmentStoreTest {
  @TempDir Path dir;

  private AttachmentRecord record(String id, boolean complete) throws Exception {
    List<PublishedPort> ports = List.of(new PublishedPort(Protocol.UDP, 53, "127.0.0.1", 5353));
    return new AttachmentRecord(id, NetworkMode.BRIDGE, "/run/netns/edge-" + id, complete,
        List.of(new AttachmentRecord.NetworkRecord("eth0",
            CniConfigs.bridge(BridgeNetworkConfig.defaults(), dir, true).toJson(),
            CniConfigs.portMappingArgs(ports),
            complete ? Json.mapper().readTree("{\"cniVersion\":\"1.0.0\"}") : null)),
        ports);
  }

  @Test
  void recordsRoundTripWithTheirCniConfigArgumentsAndResult() throws Exception {
    AttachmentStore store = new AttachmentStore(dir.resolve("attachments"));
    AttachmentRecord written = record("c1", true);
    store.write(written);
    AttachmentRecord read = store.read("c1").orElseThrow();
    assertEquals(written, read);
    assertEquals("portmap", read.networks().get(0).list().type(1));
    assertEquals(Optional.empty(), store.read("c2"));
  }

  @Test
  void allRecordsAreListedAndDeletionIsIdempotent() throws Exception {
    AttachmentStore store = new AttachmentStore(dir);
    assertEquals(List.of(), new AttachmentStore(dir.resolve("absent")).readAll());
    store.write(record("c1", false));
    store.write(record("c2", true));
    assertEquals(2, store.readAll().size());
    store.delete("c1");
    store.delete("c1");
    assertEquals(List.of("c2"), store.readAll().stream().map(r -> r.containerId()).toList());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("c2.json"),
          files.map(f -> f.getFileName().toString()).toList(), "no temporary files are left");
    }
  }

  @Test
  void aDamagedRecordIsReportedByFile() throws Exception {
    AttachmentStore store = new AttachmentStore(dir);
    Files.writeString(dir.resolve("bad.json"), "{\"containerId\":");
    NetworkException e = assertThrows(NetworkException.class, () -> store.read("bad"));
    assertTrue(e.getMessage().startsWith("read network state " + dir.resolve("bad.json")),
        e.getMessage());
    store.write(record("good", true));
    assertEquals(List.of("good"), store.readAll().stream().map(r -> r.containerId()).toList(),
        "a damaged record does not hide the others");
  }
}
