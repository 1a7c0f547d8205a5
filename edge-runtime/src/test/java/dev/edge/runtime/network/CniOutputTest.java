package dev.edge.runtime.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.runtime.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parsing what plugins print: 1.0.0 results (as bridge 1.1.1 prints them) and errors. */
class CniOutputTest {
  /** The shape of bridge's ADD result on this machine, with loopback's v6 entry mixed in. */
  private static final String BRIDGE_RESULT = "{\"cniVersion\":\"1.0.0\",\"interfaces\":["
      + "{\"name\":\"edge0\",\"mac\":\"a6:e6:c2:b0:28:5b\"},"
      + "{\"name\":\"vetha4559ccb\",\"mac\":\"86:97:34:02:dd:0b\"},"
      + "{\"name\":\"eth0\",\"mac\":\"b2:69:38:86:09:63\",\"sandbox\":\"/run/netns/edge-c1\"}],"
      + "\"ips\":[{\"interface\":2,\"address\":\"fd00::2/64\"},"
      + "{\"interface\":2,\"address\":\"10.87.0.2/16\",\"gateway\":\"10.87.0.1\"}],"
      + "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dns\":{}}";

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  @Test
  void bridgeResultGivesTheContainersIpv4AddressGatewayAndMac() throws Exception {
    CniResult result = CniResult.parse(json(BRIDGE_RESULT));
    assertEquals("1.0.0", result.cniVersion());
    assertEquals(3, result.interfaces().size());
    CniResult.ContainerAddress address = result.containerAddress("eth0").orElseThrow();
    assertEquals(new CniResult.ContainerAddress("10.87.0.2", 16, "10.87.0.1",
        "b2:69:38:86:09:63"), address);
    assertEquals(Optional.empty(), result.containerAddress("eth1"));
  }

  @Test
  void theHostSideOfTheVethIsNotTheContainersAddress() throws Exception {
    CniResult result = CniResult.parse(json("{\"cniVersion\":\"1.0.0\",\"interfaces\":["
        + "{\"name\":\"eth0\",\"mac\":\"aa\"}],"
        + "\"ips\":[{\"interface\":0,\"address\":\"10.0.0.2/24\"}]}"));
    assertEquals(Optional.empty(), result.containerAddress("eth0"), "no sandbox: a host link");
  }

  @Test
  void malformedResultsAreRefusedWithTheReason() throws Exception {
    assertEquals("result has no cniVersion", assertThrows(IllegalArgumentException.class,
        () -> CniResult.parse(json("{\"ips\":[]}"))).getMessage());
    assertEquals("result's IP 10.0.0.2/24 names interface 3 of 1",
        assertThrows(IllegalArgumentException.class, () -> CniResult.parse(json(
            "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\"}],"
                + "\"ips\":[{\"interface\":3,\"address\":\"10.0.0.2/24\"}]}"))).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> CniResult.parse(json("{\"cniVersion\":\"1.0.0\",\"ips\":{}}")));
    assertThrows(IllegalArgumentException.class,
        () -> CniResult.parse(json("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"gateway\":\"x\"}]}")));
    assertThrows(IllegalArgumentException.class, () -> CniResult.parse(json("[]")));
  }

  @Test
  void errorObjectsAreReadWithWellKnownCodesExplained() {
    CniError error = CniError.parse(bytes("{\"code\":1,\"msg\":\"incompatible CNI versions\","
        + "\"details\":\"config is \\\"9.0.0\\\"\"}")).orElseThrow();
    assertEquals(1, error.code());
    assertEquals("incompatible CNI versions: config is \"9.0.0\" (CNI error 1: incompatible"
        + " CNI version)", error.describe());
    assertEquals("no IP ranges specified (CNI error 999)",
        CniError.parse(bytes("{\"code\":999,\"msg\":\"no IP ranges specified\"}"))
            .orElseThrow().describe());
    assertEquals("try again later", CniError.meaning(11));
  }

  @Test
  void outputThatIsNoErrorObjectIsNotMistakenForOne() {
    assertTrue(CniError.parse(bytes("panic: boom")).isEmpty());
    assertTrue(CniError.parse(bytes("")).isEmpty());
    assertTrue(CniError.parse(bytes("{\"msg\":\"no code\"}")).isEmpty());
    assertTrue(CniError.parse(bytes("{\"code\":\"seven\"}")).isEmpty());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
