package dev.edge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.fixtures.OciLayout;
import dev.edge.runtime.image.fixtures.TestImages;
import dev.edge.runtime.registry.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image commands as users run them: bin/edge and every docker CLI on the machine against a
 * daemon started through bin/edge, with Debian's docker-registry (plain and htpasswd) behind.
 */
class ImagesCliIntegrationTest {
  private static Path dir;
  private static LocalRegistry plain;
  private static LocalRegistry secured;
  private static Process daemon;
  private static String host;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("edge-images-cli");
    plain = LocalRegistry.start(LocalRegistry.Mode.PLAIN);
    secured = LocalRegistry.start(LocalRegistry.Mode.HTPASSWD);
    OciLayout layout = new OciLayout(dir.resolve("layout"));
    TestImages.busybox(layout, "busybox", new Platform("linux", "amd64", ""));
    TestImages.skopeoPush(layout.dir(), "busybox", plain.host() + "/busybox:latest", true);
    host = "unix://" + dir.resolve("edge.sock");
    daemon = EdgeProcess.startDaemon(dir.resolve("root"), host, dir.resolve("daemon.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    EdgeProcess.stop(daemon);
    if (plain != null) {
      plain.close();
    }
    if (secured != null) {
      secured.close();
    }
    EdgeProcess.deleteTree(dir);
  }

  private static EdgeProcess.Result edge(String... args) throws Exception {
    return EdgeProcess.edgeWithEnv("EDGE_HOST", host, args);
  }

  @Test
  void edgePullImagesTagPushAndRmiBehaveAsDockersDo() throws Exception {
    String image = plain.host() + "/busybox";
    EdgeProcess.Result pull = edge("pull", image);
    assertEquals(0, pull.exit(), pull.err());
    assertTrue(pull.out().startsWith("Using default tag: latest\nlatest: Pulling from busybox"),
        pull.out());
    assertTrue(pull.out().strip().endsWith(image + ":latest"), pull.out());

    EdgeProcess.Result images = edge("images");
    assertTrue(images.out().startsWith("REPOSITORY"), images.out());
    assertTrue(images.out().contains(image + "   latest"), images.out());

    assertEquals(0, edge("tag", image, plain.host() + "/copied/bb:3").exit());
    EdgeProcess.Result push = edge("push", plain.host() + "/copied/bb:3");
    assertEquals(0, push.exit(), push.err());
    assertTrue(push.out().contains("Mounted from busybox"), push.out());
    assertTrue(push.out().contains("3: digest: sha256:"), push.out());
    String raw = TestImages.skopeoInspectRaw(plain.host() + "/copied/bb:3");
    assertTrue(raw.contains("application/vnd.docker.distribution.manifest.v2+json"), raw);

    Process dockerd = EdgeProcess.startDockerd(Path.of("/tmp", "edge-dockerd-" + ProcessHandle
        .current().pid()));
    try {
      EdgeProcess.Result byDocker = EdgeProcess.run("docker", "-H", "unix:///tmp/edge-dockerd-"
          + ProcessHandle.current().pid() + "/docker.sock", "pull", plain.host() + "/copied/bb:3");
      assertEquals(0, byDocker.exit(), "dockerd could not pull what edge pushed: "
          + byDocker.out() + byDocker.err());
    } finally {
      EdgeProcess.stop(dockerd);
      EdgeProcess.run("sh", "-c", "grep -o ' /tmp/edge-dockerd-" + ProcessHandle.current().pid()
          + "[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l; rm -rf /tmp/edge-dockerd-"
          + ProcessHandle.current().pid());
    }

    EdgeProcess.Result rmi = edge("rmi", plain.host() + "/copied/bb:3");
    assertEquals("Untagged: " + plain.host() + "/copied/bb:3", rmi.out().strip());
    EdgeProcess.Result inspect = edge("image", "inspect", "--format", "{{.Architecture}}",
        image);
    assertEquals("amd64", inspect.out().strip());
    EdgeProcess.Result df = edge("system", "df");
    assertTrue(df.out().contains("Images"), df.out());
  }

  @Test
  void everyDockerCliPullsListsAndPushesThroughTheDaemon() throws Exception {
    for (String docker : EdgeProcess.dockerClis()) {
      String image = plain.host() + "/busybox:latest";
      EdgeProcess.Result pull = EdgeProcess.run(docker, "-H", host, "pull", image);
      assertEquals(0, pull.exit(), docker + ": " + pull.err());
      EdgeProcess.Result images = EdgeProcess.run(docker, "-H", host, "images", "--format",
          "{{.Repository}}:{{.Tag}}");
      assertTrue(images.out().contains(image), docker + ": " + images.out());
      String target = plain.host() + "/from-docker/bb:" + (docker.startsWith("/usr/bin") ? "20"
          : "new");
      assertEquals(0, EdgeProcess.run(docker, "-H", host, "tag", image, target).exit());
      EdgeProcess.Result push = EdgeProcess.run(docker, "-H", host, "push", target);
      assertEquals(0, push.exit(), docker + ": " + push.out() + push.err());
      EdgeProcess.Result rmi = EdgeProcess.run(docker, "-H", host, "rmi", target);
      assertEquals(0, rmi.exit(), docker + ": " + rmi.err());
      EdgeProcess.Result missing = EdgeProcess.run(docker, "-H", host, "pull",
          plain.host() + "/nope:1");
      assertTrue(missing.exit() != 0);
      assertTrue(missing.err().contains("manifest unknown"), missing.err());
    }
  }

  @Test
  void loginIsCheckedAgainstTheRegistryAndLogoutForgets() throws Exception {
    EdgeProcess.Result wrong = edge("login", "-u", LocalRegistry.USER, "-p", "wrong",
        secured.host());
    assertEquals(1, wrong.exit());
    assertTrue(wrong.err().toLowerCase().contains("unauthorized")
        || wrong.err().contains("401"), wrong.err());
    EdgeProcess.Result ok = edge("login", "-u", LocalRegistry.USER, "-p", LocalRegistry.PASSWORD,
        secured.host());
    assertEquals(0, ok.exit(), ok.err());
    assertEquals("Login Succeeded", ok.out().strip());
    assertTrue(Files.readString(dir.resolve("root/auth/config.json")).contains(secured.host()));
    EdgeProcess.Result out = edge("logout", secured.host());
    assertEquals("Removing login credentials for " + secured.host(), out.out().strip());
    for (String docker : EdgeProcess.dockerClis()) {
      EdgeProcess.Result login = EdgeProcess.run(Map.of("DOCKER_CONFIG",
          dir.resolve("docker-config").toString()), docker, "-H", host, "login", "-u",
          LocalRegistry.USER, "-p", LocalRegistry.PASSWORD, secured.host());
      assertEquals(0, login.exit(), docker + ": " + login.err());
      assertTrue(login.out().contains("Login Succeeded"), login.out());
    }
  }
}
