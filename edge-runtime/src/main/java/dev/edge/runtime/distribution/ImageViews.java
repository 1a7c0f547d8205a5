package dev.edge.runtime.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.store.ImageIndex;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shapes image records as Docker's {@code /images/{name}/json} answers them. */
final class ImageViews {
  private ImageViews() {}

  /**
   * {@code GET /images/{name}/history}: the config's history, newest first; entries that made
   * a layer get its compressed size, the top entry the image id and tags (as Docker answers for
   * pulled images, whose steps are not local images).
   */
  static java.util.List<Map<String, Object>> history(ImageRecord record, ImageIndex index,
      ContentStore content) throws IOException {
    JsonNode config;
    try (InputStream in = content.open(record.imageId())) {
      config = Json.mapper().readTree(in);
    }
    java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
    int layer = 0;
    for (JsonNode h : config.path("history")) {
      boolean empty = h.path("empty_layer").asBoolean(false);
      long size = 0;
      if (!empty && layer < record.layers().size()) {
        size = record.layers().get(layer++).size();
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("Id", "<missing>");
      String created = h.path("created").asText("");
      long epoch = 0;
      try {
        epoch = created.isEmpty() ? 0 : java.time.Instant.parse(created).getEpochSecond();
      } catch (java.time.format.DateTimeParseException e) {
        // Docker shows such entries with a zero time too
      }
      entry.put("Created", epoch);
      entry.put("CreatedBy", h.path("created_by").asText(""));
      entry.put("Tags", null);
      entry.put("Size", size);
      entry.put("Comment", h.path("comment").asText(""));
      out.add(0, entry);
    }
    if (!out.isEmpty()) {
      out.get(0).put("Id", record.imageId().toString());
      out.get(0).put("Tags", index.repoTags(record.imageId()));
    }
    return out;
  }

  static Map<String, Object> inspect(ImageRecord record, ImageIndex index, ContentStore content,
      String storageDriver, java.nio.file.Path layerDir) throws IOException {
    JsonNode config = Json.mapper().createObjectNode();
    Digest configDigest = record.imageId();
    if (content.exists(configDigest)) {
      try (InputStream in = content.open(configDigest)) {
        config = Json.mapper().readTree(in);
      }
    }
    Map<String, Object> i = new LinkedHashMap<>();
    i.put("Id", record.imageId().toString());
    i.put("RepoTags", index.repoTags(record.imageId()));
    i.put("RepoDigests", index.repoDigests(record.imageId()));
    i.put("Parent", record.parent() == null ? "" : record.parent());
    i.put("Comment", config.path("comment").asText(""));
    i.put("Created", record.createdInstant().toString());
    i.put("Container", "");
    i.put("DockerVersion", config.path("docker_version").asText(""));
    i.put("Author", config.path("author").asText(""));
    i.put("Config", config.path("config").isMissingNode() ? null : config.path("config"));
    i.put("Architecture", record.platform() == null ? "" : record.platform().architecture());
    if (record.platform() != null && record.platform().variant() != null
        && !record.platform().variant().isEmpty()) {
      i.put("Variant", record.platform().variant());
    }
    i.put("Os", record.platform() == null ? "linux" : record.platform().os());
    i.put("Size", record.size());
    i.put("VirtualSize", record.size());
    i.put("GraphDriver", Map.of("Name", storageDriver, "Data", layerDir == null ? Map.of()
        : Map.of("UpperDir", layerDir.toString())));
    i.put("RootFS", Map.of("Type", "layers", "Layers", record.diffIds()));
    i.put("Metadata", Map.of("LastTagTime", "0001-01-01T00:00:00Z"));
    i.put("Descriptor", Map.of("mediaType", record.manifestMediaType(), "digest",
        record.manifestDigest().toString()));
    return i;
  }
}
