package dev.edge.agent.artifacts;

import static dev.edge.agent.jobs.JobsForTests.doc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArtifactTest {
  static final String SHA = "ab".repeat(32);

  private static String refusal(String json) {
    return assertThrows(IllegalArgumentException.class, () -> Artifact.fromDocument(doc(json), true, 1000))
        .getMessage();
  }

  @Test
  void httpsAndLoopbackHttpAreAccepted() {
    Artifact a = Artifact.fromDocument(doc("{'url':'https://fw.example/a.bin','sha256':'" + SHA + "','size':10}"),
        true, 1000);
    assertEquals("https://fw.example/a.bin", a.url().toString());
    assertEquals(10, a.maxSize());
    assertTrue(a.sizeExact());
    for (String host : new String[] {"127.0.0.1:8080", "localhost", "[::1]:9"}) {
      Artifact.fromDocument(doc("{'url':'http://" + host + "/a','sha256':'" + SHA + "','size':1}"), true, 1000);
    }
  }

  @Test
  void theHashMayCarryItsAlgorithmAndIsLowerCased() {
    Artifact a = Artifact.fromDocument(doc("{'url':'https://h/a','sha256':'sha256:" + SHA.toUpperCase()
        + "','size':1}"), true, 1000);
    assertEquals(SHA, a.sha256());
  }

  @Test
  void eachBadFieldIsNamed() {
    assertTrue(refusal("{'sha256':'" + SHA + "','size':1}").startsWith("url: missing"));
    assertTrue(refusal("{'url':'http://fw.example/a','sha256':'" + SHA + "','size':1}").startsWith("url:"));
    assertTrue(refusal("{'url':'http://fw.example/a','sha256':'" + SHA + "','size':1}").contains("plain http"));
    assertTrue(refusal("{'url':'ftp://h/a','sha256':'" + SHA + "','size':1}").startsWith("url:"));
    assertTrue(refusal("{'url':'https://u:p@h/a','sha256':'" + SHA + "','size':1}").contains("credentials"));
    assertTrue(refusal("{'url':'https://h/a','size':1}").startsWith("sha256: missing"));
    assertTrue(refusal("{'url':'https://h/a','sha256':'abc','size':1}").startsWith("sha256:"));
    assertTrue(refusal("{'url':'https://h/a','sha256':'" + SHA + "'}").startsWith("size: missing"));
    assertTrue(refusal("{'url':'https://h/a','sha256':'" + SHA + "','size':0}").startsWith("size:"));
    assertTrue(refusal("{'url':'https://h/a','sha256':'" + SHA + "','size':1001}").startsWith("size:"));
    assertTrue(refusal("{'url':'https://h/a','sha256':'" + SHA + "','size':'12'}").startsWith("size:"));
  }

  @Test
  void withoutASizeTheLimitBoundsTheDownload() {
    Artifact a = Artifact.fromDocument(doc("{'url':'https://h/a.tgz','sha256':'" + SHA + "'}"), false, 500);
    assertEquals(500, a.maxSize());
    assertFalse(a.sizeExact());
  }
}
