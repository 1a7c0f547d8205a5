package dev.edge.agent.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Home Assistant MQTT discovery (device-based: one retained {@code homeassistant/device/<id>/config} per device)
 * for the gateway and each board, so a hobbyist's Home Assistant shows them with no configuration. The gateway
 * has a connectivity binary sensor (from the state topic and its Last Will) and sensors for uptime, load,
 * memory and disk use, boards and buffered messages; each board has an {@code update} entity: installed = the
 * sha256 of the last successful flash, latest = the sha256 of the last flash attempted, so a failed flash shows
 * as an update pending.
 */
final class HaDiscovery {
  static final String PREFIX = "homeassistant";
  /** Home Assistant's own birth topic: when it says online, discovery is sent again. */
  static final String HA_STATUS = PREFIX + "/status";

  private final FleetTopics topics;

  HaDiscovery(FleetTopics topics) {
    this.topics = topics;
  }

  private String gatewayObject() {
    return "edge_" + topics.gateway();
  }

  private String boardObject(String board) {
    return gatewayObject() + "_" + FleetTopics.boardLevel(board);
  }

  private String configTopic(String objectId) {
    return PREFIX + "/device/" + objectId + "/config";
  }

  /** Every discovery document: the gateway's and one per board. */
  Map<String, Map<String, Object>> documents(Map<String, Map<String, Object>> boards) {
    Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
    docs.put(configTopic(gatewayObject()), gateway());
    boards.forEach((name, info) -> docs.putAll(boardDocuments(name, info)));
    return docs;
  }

  Map<String, Map<String, Object>> boardDocuments(String board, Map<String, Object> info) {
    return Map.of(configTopic(boardObject(board)), board(board, info));
  }

  List<String> boardRemoval(String board) {
    return List.of(configTopic(boardObject(board)));
  }

  private Map<String, Object> gateway() {
    String id = gatewayObject();
    Map<String, Object> cmps = new LinkedHashMap<>();
    cmps.put(id + "_online", Map.of("p", "binary_sensor", "unique_id", id + "_online", "name", "Online",
        "device_class", "connectivity", "state_topic", topics.state(),
        "value_template", "{{ 'ON' if value_json.state == 'online' else 'OFF' }}"));
    cmps.put(id + "_uptime", Map.of("p", "sensor", "unique_id", id + "_uptime", "name", "Uptime",
        "device_class", "duration", "unit_of_measurement", "s", "state_topic", topics.status(),
        "value_template", "{{ value_json.uptimeSeconds }}", "entity_category", "diagnostic"));
    cmps.put(id + "_load", Map.of("p", "sensor", "unique_id", id + "_load", "name", "Load (1 min)",
        "state_topic", topics.status(), "value_template", "{{ value_json.cpu.load1 }}",
        "state_class", "measurement"));
    cmps.put(id + "_memory", Map.of("p", "sensor", "unique_id", id + "_memory", "name", "Memory used",
        "unit_of_measurement", "%", "state_topic", topics.status(), "value_template",
        "{{ value_json.memory.usedPercent }}", "state_class", "measurement"));
    cmps.put(id + "_disk", Map.of("p", "sensor", "unique_id", id + "_disk", "name", "Disk used",
        "unit_of_measurement", "%", "state_topic", topics.status(), "value_template",
        "{{ value_json.disk.usedPercent }}", "state_class", "measurement"));
    cmps.put(id + "_boards", Map.of("p", "sensor", "unique_id", id + "_boards", "name", "Boards",
        "state_topic", topics.status(), "value_template", "{{ value_json.boards | count }}"));
    cmps.put(id + "_outbox", Map.of("p", "sensor", "unique_id", id + "_outbox", "name", "Buffered messages",
        "state_topic", topics.status(), "value_template", "{{ value_json.outbox.buffered }}",
        "entity_category", "diagnostic"));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dev", Map.of("ids", List.of(id), "name", "edge gateway " + topics.gateway(), "mf", "edge",
        "mdl", "gateway"));
    doc.put("o", origin());
    doc.put("cmps", cmps);
    doc.put("qos", 1);
    return doc;
  }

  private Map<String, Object> board(String board, Map<String, Object> info) {
    String id = boardObject(board);
    String topic = topics.board(board);
    Map<String, Object> update = new LinkedHashMap<>();
    update.put("p", "update");
    update.put("unique_id", id + "_firmware");
    update.put("name", "Firmware");
    update.put("device_class", "firmware");
    update.put("state_topic", topic);
    update.put("value_template", "{{ (value_json.lastFlash.sha256[:12] if value_json.lastFlash is defined and"
        + " value_json.lastFlash.result == 'SUCCEEDED' and value_json.lastFlash.sha256 is defined else 'unknown')"
        + " }}");
    update.put("latest_version_topic", topic);
    update.put("latest_version_template", "{{ (value_json.lastFlash.sha256[:12] if value_json.lastFlash is"
        + " defined and value_json.lastFlash.sha256 is defined else 'unknown') }}");
    Map<String, Object> cmps = new LinkedHashMap<>();
    cmps.put(id + "_firmware", update);
    cmps.put(id + "_port", Map.of("p", "sensor", "unique_id", id + "_port", "name", "Port", "state_topic",
        topic, "value_template", "{{ value_json.port }}", "entity_category", "diagnostic"));
    Map<String, Object> dev = new LinkedHashMap<>();
    dev.put("ids", List.of(id));
    dev.put("name", "ESP board " + board + " on " + topics.gateway());
    dev.put("mf", "Espressif");
    dev.put("mdl", String.valueOf(info.getOrDefault("chip", "ESP8266")));
    dev.put("via_device", gatewayObject());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dev", dev);
    doc.put("o", origin());
    doc.put("cmps", cmps);
    doc.put("availability", List.of(Map.of("topic", topics.state(), "value_template", "{{ value_json.state }}",
        "payload_available", "online", "payload_not_available", "offline")));
    doc.put("qos", 1);
    return doc;
  }

  private static Map<String, Object> origin() {
    return Map.of("name", "edge");
  }
}
