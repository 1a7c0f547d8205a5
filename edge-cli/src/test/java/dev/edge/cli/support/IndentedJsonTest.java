package dev.edge.cli.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edge.runtime.json.Json;
import org.junit.jupiter.api.Test;

class IndentedJsonTest {
  @Test
  void layoutMatchesDockerInspect() throws Exception {
    String json = "[{\"Id\":\"abc\",\"Args\":[],\"Labels\":{},\"Cmd\":[\"sh\",\"-c\"],"
        + "\"State\":{\"Running\":true,\"Pid\":42}}]";
    assertEquals("[\n"
        + "    {\n"
        + "        \"Id\": \"abc\",\n"
        + "        \"Args\": [],\n"
        + "        \"Labels\": {},\n"
        + "        \"Cmd\": [\n"
        + "            \"sh\",\n"
        + "            \"-c\"\n"
        + "        ],\n"
        + "        \"State\": {\n"
        + "            \"Running\": true,\n"
        + "            \"Pid\": 42\n"
        + "        }\n"
        + "    }\n"
        + "]", IndentedJson.format(Json.mapper().readTree(json)));
    assertEquals("[]", IndentedJson.format(Json.mapper().readTree("[]")));
  }
}
