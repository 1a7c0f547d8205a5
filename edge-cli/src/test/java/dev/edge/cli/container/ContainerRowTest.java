package dev.edge.cli.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.cli.support.Table;
import dev.edge.runtime.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRowTest {
  private static final String ID =
      "4cc70d31bc10f69741dd3cce8cf687c39e9fb49df1c4df377da3391599307e8d";

  private static JsonNode summary(String image, String command, long created, String status,
      String ports) throws Exception {
    return Json.mapper().readTree("{\"Id\":\"" + ID + "\",\"Names\":[\"/web\"],\"Image\":\""
        + image + "\",\"ImageID\":\"sha256:58eb0981102d75e4\",\"Command\":"
        + Json.mapper().writeValueAsString(command) + ",\"Created\":" + created
        + ",\"Ports\":" + ports + ",\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"State\":\"running\","
        + "\"Status\":\"" + status + "\",\"HostConfig\":{\"NetworkMode\":\"bridge\"},"
        + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{}}},\"Mounts\":[]}");
  }

  @Test
  void aRunningContainerPrintsAsDockerPsDoes() throws Exception {
    long created = System.currentTimeMillis() / 1000 - 3;
    JsonNode c = summary("busybox", "httpd -f -p 80", created, "Up 3 seconds",
        "[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":18080,\"Type\":\"tcp\"}]");
    Map<String, Object> f = ContainerRow.fields(c, true, false);
    StringWriter out = new StringWriter();
    new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES")
        .row((String) f.get("ID"), (String) f.get("Image"), (String) f.get("Command"),
            (String) f.get("RunningFor"), (String) f.get("Status"), (String) f.get("Ports"),
            (String) f.get("Names"))
        .print(new PrintWriter(out, true));
    assertEquals("CONTAINER ID   IMAGE     COMMAND            CREATED         STATUS         "
        + "PORTS                   NAMES\n"
        + "4cc70d31bc10   busybox   \"httpd -f -p 80\"   3 seconds ago   Up 3 seconds   "
        + "0.0.0.0:18080->80/tcp   web\n", out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void theDaemonsStatusTextIsShownAsItIs() throws Exception {
    for (String status : new String[] {"Exited (0) 2 minutes ago", "Created",
        "Restarting (1) 5 seconds ago", "Up About a minute"}) {
      assertEquals(status, ContainerRow.fields(summary("busybox", "sh", 0, status, "[]"), true,
          false).get("Status"));
    }
  }

  @Test
  void longCommandsAreCutAtTwentyCharactersAndQuoted() {
    assertEquals("sh -c 'while true; …", ContainerRow.ellipsis("sh -c 'while true; do x; done'",
        20));
    assertEquals("exactly twenty chars", ContainerRow.ellipsis("exactly twenty chars", 20));
    assertEquals("\"echo \\\"hi\\\"\\n\"", ContainerRow.quote("echo \"hi\"\n"));
  }

  @Test
  void imagesShowInTheirFamiliarFormWithoutDigests() {
    assertEquals("busybox", ContainerRow.image("busybox", "sha256:aa", true));
    assertEquals("busybox:1.36", ContainerRow.image("docker.io/library/busybox:1.36",
        "sha256:aa", true));
    assertEquals("127.0.0.1:5000/tc", ContainerRow.image("127.0.0.1:5000/tc@sha256:"
        + "0123456789012345678901234567890123456789012345678901234567890123", "x", true));
    assertEquals("58eb0981102d", ContainerRow.image("sha256:58eb0981102d75e4",
        "sha256:58eb0981102d75e4", true));
    assertEquals("docker.io/library/busybox:1.36", ContainerRow.image(
        "docker.io/library/busybox:1.36", "sha256:aa", false));
  }

  @Test
  void jsonLinesCarryDockersFieldsSorted() throws Exception {
    Map<String, Object> f = ContainerRow.fields(summary("busybox", "sleep 9", 0, "Created",
        "[]"), false, false);
    assertEquals(ID, f.get("ID"));
    assertEquals("a=1,b=2", f.get("Labels"));
    assertEquals("bridge", f.get("Networks"));
    assertEquals("\"sleep 9\"", f.get("Command"));
    assertTrue(String.join(",", f.keySet()).startsWith("Command,CreatedAt,ID,Image,Labels"),
        f.keySet().toString());
  }
}
