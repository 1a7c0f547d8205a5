package dev.edge.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.system.Units;
import dev.edge.runtime.image.Reference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One container of {@code GET /containers/json} as {@code docker ps} shows it: the fields of its
 * templates and JSON lines, and the cells of its table. STATUS is the daemon's own text
 * ("Up 3 seconds", "Exited (0) 2 minutes ago"); CREATED is counted here, as docker does.
 */
final class ContainerRow {
  static final int SHORT_ID = 12;
  private static final int COMMAND_WIDTH = 20;
  private static final int MOUNT_WIDTH = 15;
  private static final String ELLIPSIS = "…";

  private ContainerRow() {}

  /** The fields docker's templates know, by name; {@code trunc} unless --no-trunc. */
  static Map<String, Object> fields(JsonNode c, boolean trunc, boolean size) {
    Map<String, Object> row = new TreeMap<>(); // docker's JSON lines list them sorted
    row.put("ID", trunc ? shortId(c.path("Id").asText()) : c.path("Id").asText());
    row.put("Image", image(c.path("Image").asText(""), c.path("ImageID").asText(""), trunc));
    row.put("Command", quote(trunc ? ellipsis(c.path("Command").asText(""), COMMAND_WIDTH)
        : c.path("Command").asText("")));
    row.put("CreatedAt", createdAt(c.path("Created").asLong()));
    row.put("RunningFor", Units.ago(c.path("Created").asLong()));
    row.put("Ports", PortsColumn.format(c.path("Ports")));
    row.put("State", c.path("State").asText(""));
    row.put("Status", c.path("Status").asText(""));
    row.put("Size", size ? size(c) : "0B");
    row.put("Names", names(c.path("Names"), trunc));
    row.put("Labels", labels(c.path("Labels")));
    row.put("Mounts", mounts(c.path("Mounts"), trunc));
    row.put("LocalVolumes", String.valueOf(localVolumes(c.path("Mounts"))));
    row.put("Networks", networks(c.path("NetworkSettings").path("Networks")));
    return row;
  }

  /** Docker's TruncateID: without the algorithm, 12 characters. */
  static String shortId(String id) {
    int colon = id.indexOf(':');
    String bare = colon >= 0 ? id.substring(colon + 1) : id;
    return bare.length() > SHORT_ID ? bare.substring(0, SHORT_ID) : bare;
  }

  /**
   * The image as given at create, in its familiar form ("busybox", "me/tc:1"), without a
   * digest; an image given by ID shows the short ID.
   */
  static String image(String image, String imageId, boolean trunc) {
    if (image.isEmpty()) {
      return "<no image>";
    }
    if (!trunc) {
      return image;
    }
    if (shortId(imageId).equals(shortId(image))) {
      return shortId(image);
    }
    try {
      Reference ref = Reference.parse(image);
      String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
      boolean explicitTag = withoutDigest.lastIndexOf(':') > withoutDigest.lastIndexOf('/');
      return ref.familiarName() + (explicitTag ? ":" + ref.tag() : "");
    } catch (IllegalArgumentException e) {
      return image;
    }
  }

  /** Docker's Ellipsis: at most {@code width} characters, the last one "…" when cut. */
  static String ellipsis(String text, int width) {
    int count = text.codePointCount(0, text.length());
    if (count <= width) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, width - 1)) + ELLIPSIS;
  }

  /** Go's strconv.Quote, which docker applies to the COMMAND column. */
  static String quote(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\t' -> s.append("\\t");
        case '\r' -> s.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            s.append(String.format("\\x%02x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  static String names(JsonNode names, boolean trunc) {
    List<String> all = new ArrayList<>();
    for (JsonNode n : names) {
      String name = n.asText().startsWith("/") ? n.asText().substring(1) : n.asText();
      if (trunc && name.indexOf('/') < 0) {
        return name; // truncated: the first name that is not a legacy link
      }
      if (!trunc) {
        all.add(name);
      }
    }
    return String.join(",", all);
  }

  private static String createdAt(long unixSeconds) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx z")
        .format(java.time.Instant.ofEpochSecond(unixSeconds)
            .atZone(java.time.ZoneId.systemDefault()));
  }

  private static String size(JsonNode c) {
    String rw = Units.size(c.path("SizeRw").asLong());
    long rootFs = c.path("SizeRootFs").asLong();
    return rootFs > 0 ? rw + " (virtual " + Units.size(rootFs) + ")" : rw;
  }

  private static String labels(JsonNode labels) {
    List<String> pairs = new ArrayList<>();
    labels.fields().forEachRemaining(f -> pairs.add(f.getKey() + "=" + f.getValue().asText()));
    Collections.sort(pairs);
    return String.join(",", pairs);
  }

  private static String mounts(JsonNode mounts, boolean trunc) {
    List<String> names = new ArrayList<>();
    for (JsonNode m : mounts) {
      String name = m.path("Name").asText("");
      if (name.isEmpty()) {
        name = m.path("Source").asText("");
      }
      names.add(trunc ? ellipsis(name, MOUNT_WIDTH) : name);
    }
    return String.join(",", names);
  }

  private static int localVolumes(JsonNode mounts) {
    int count = 0;
    for (JsonNode m : mounts) {
      if (m.path("Driver").asText("").equals("local")) {
        count++;
      }
    }
    return count;
  }

  private static String networks(JsonNode networks) {
    List<String> names = new ArrayList<>();
    networks.fieldNames().forEachRemaining(names::add);
    return String.join(",", names);
  }
}
