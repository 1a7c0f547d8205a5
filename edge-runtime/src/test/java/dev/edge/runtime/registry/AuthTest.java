package dev.edge.runtime.registry;

import static dev.edge.runtime.registry.FakeRegistry.bytes;
import static dev.edge.runtime.registry.FakeRegistry.json;
import static dev.edge.runtime.registry.FakeRegistry.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.MediaTypes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
  static final String PATH = "/v2/tc/manifests/1";
  FakeRegistry registry;
  FakeRegistry tokenServer;
  TestTransports.SettableClock clock = new TestTransports.SettableClock();
  RegistryTransport transport;

  @BeforeEach
  void start() throws Exception {
    registry = FakeRegistry.start();
    tokenServer = FakeRegistry.start();
    transport = new RegistryTransport(TestTransports.config(registry.host()), clock);
  }

  @AfterEach
  void stop() {
    registry.close();
    tokenServer.close();
  }

  private String challenge(String scope) {
    return "Bearer realm=\"" + tokenServer.url() + "/token\",service=\"fake-registry\",scope=\"" + scope + "\"";
  }

  /** The registry: 401 with a Bearer challenge unless one of {@code tokens} is presented. */
  private FakeRegistry.Answer bearer(String scope, FakeRegistry.Answer ok, String... tokens) {
    return ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth != null && List.of(tokens).contains(auth.replaceFirst("^Bearer ", ""))) {
        ok.answer(ex);
      } else {
        json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}",
            "WWW-Authenticate", challenge(scope)).answer(ex);
      }
    };
  }

  private static FakeRegistry.Answer manifest() {
    return bytes(200, ManifestFetchTest.BYTES, "Content-Type", MediaTypes.OCI_MANIFEST);
  }

  private static String query(FakeRegistry.Seen seen) {
    return URLDecoder.decode(seen.uri().replaceFirst("^[^?]*\\?", ""), StandardCharsets.UTF_8);
  }

  @Test
  void anonymousBearerFlowFetchesATokenOnceAndReusesIt() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "t1"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"t1\",\"expires_in\":300}"));
    RegistryClient client = RegistryClient.create(transport, registry.host(), null);
    client.fetchManifest("tc", "1");
    RegistryClient.create(transport, registry.host(), null).fetchManifest("tc", "1");

    assertEquals(1, tokenServer.seen().size(), "the cached token is reused across clients");
    FakeRegistry.Seen tokenRequest = tokenServer.seen().get(0);
    assertEquals("service=fake-registry&scope=repository:tc:pull", query(tokenRequest));
    assertNull(tokenRequest.header("Authorization"));
    List<FakeRegistry.Seen> atRegistry = registry.seen("GET", PATH);
    assertEquals(3, atRegistry.size(), "one 401, then the token at once for the second client");
    assertNull(atRegistry.get(0).header("Authorization"));
    assertEquals("Bearer t1", atRegistry.get(1).header("Authorization"));
    assertEquals("Bearer t1", atRegistry.get(2).header("Authorization"));
  }

  @Test
  void accessTokenFieldWorksLikeToken() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "oauth"));
    tokenServer.on("GET", "/token", json(200, "{\"access_token\":\"oauth\"}"));
    RegistryClient.create(transport, registry.host(), null).fetchManifest("tc", "1");
  }

  @Test
  void expiredTokenIsFetchedAgain() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "t1", "t2"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"t1\",\"expires_in\":120}"),
        json(200, "{\"token\":\"t2\",\"expires_in\":120}"));
    RegistryClient client = RegistryClient.create(transport, registry.host(), null);
    client.fetchManifest("tc", "1");
    clock.advance(Duration.ofSeconds(100));
    client.fetchManifest("tc", "1");
    assertEquals(1, tokenServer.seen().size(), "still valid after 100 s of 120");
    clock.advance(Duration.ofSeconds(15));
    client.fetchManifest("tc", "1");
    assertEquals(2, tokenServer.seen().size(), "renewed within the expiry margin");
    assertEquals("Bearer t2", registry.seen("GET", PATH).get(3).header("Authorization"));
  }

  @Test
  void tokenWithoutExpiryLivesTheSpecsSixtySeconds() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "t1", "t2"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"t1\"}"), json(200, "{\"token\":\"t2\"}"));
    RegistryClient client = RegistryClient.create(transport, registry.host(), null);
    client.fetchManifest("tc", "1");
    clock.advance(Duration.ofSeconds(40));
    client.fetchManifest("tc", "1");
    assertEquals(1, tokenServer.seen().size());
    clock.advance(Duration.ofSeconds(20));
    client.fetchManifest("tc", "1");
    assertEquals(2, tokenServer.seen().size());
  }

  @Test
  void credentialsGoToTheTokenServerAsBasicWithTheAccount() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "t-user"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"t-user\",\"expires_in\":300}"));
    RegistryClient.create(transport, registry.host(), Credentials.of("alice", "pw")).fetchManifest("tc", "1");
    FakeRegistry.Seen tokenRequest = tokenServer.seen().get(0);
    assertEquals(Credentials.of("alice", "pw").basicHeader(), tokenRequest.header("Authorization"));
    assertTrue(query(tokenRequest).endsWith("&account=alice"), query(tokenRequest));
  }

  @Test
  void identityTokenUsesTheOAuthRefreshGrant() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "from-refresh"));
    tokenServer.on("POST", "/token", json(200, "{\"access_token\":\"from-refresh\",\"expires_in\":300}"));
    RegistryClient.create(transport, registry.host(), new Credentials("alice", "", "refresh-me"))
        .fetchManifest("tc", "1");
    String form = new String(tokenServer.seen().get(0).body(), StandardCharsets.UTF_8);
    assertTrue(form.contains("grant_type=refresh_token") && form.contains("refresh_token=refresh-me")
        && form.contains("scope=repository%3Atc%3Apull"), form);
  }

  @Test
  void tokenServerRefusingTheCredentialsIsUnauthorized() {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "never"));
    tokenServer.on("GET", "/token", json(401, "{\"details\":\"incorrect username or password\"}"));
    RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
        () -> RegistryClient.create(transport, registry.host(), Credentials.of("a", "b")).fetchManifest("tc", "1"));
    assertTrue(e.getMessage().startsWith("pull " + registry.host() + "/tc: manifest 1: token from 127.0.0.1: 401"),
        e.getMessage());
  }

  @Test
  void tokenTheRegistryRefusesIsDroppedAndFetchedOnceMore() throws Exception {
    registry.on("GET", PATH, bearer("repository:tc:pull", manifest(), "good"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"stale\",\"expires_in\":300}"),
        json(200, "{\"token\":\"good\",\"expires_in\":300}"));
    RegistryClient client = RegistryClient.create(transport, registry.host(), null);
    RegistryUnauthorizedException e =
        assertThrows(RegistryUnauthorizedException.class, () -> client.fetchManifest("tc", "1"));
    assertTrue(e.getMessage().endsWith("401 UNAUTHORIZED: authentication required"), e.getMessage());
    client.fetchManifest("tc", "1"); // the stale token is refused, dropped, and a new one works
    assertEquals(2, tokenServer.seen().size());
  }

  @Test
  void basicChallengeIsAnsweredWithTheCredentials() throws Exception {
    String basic = Credentials.of("bob", "pw").basicHeader();
    FakeRegistry.Answer guarded = ex -> {
      if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        status(401, "WWW-Authenticate", "Basic realm=\"registry\"").answer(ex);
      } else if (ex.getRequestURI().getPath().equals("/v2/")) {
        status(200).answer(ex);
      } else {
        manifest().answer(ex);
      }
    };
    registry.on("GET", PATH, guarded).on("GET", "/v2/", guarded);
    RegistryClient.create(transport, registry.host(), Credentials.of("bob", "pw")).fetchManifest("tc", "1");
    assertThrows(RegistryUnauthorizedException.class,
        () -> RegistryClient.create(transport, registry.host(), null).fetchManifest("tc", "1"));
    RegistryClient.create(transport, registry.host(), Credentials.of("bob", "pw")).checkLogin();
    RegistryUnauthorizedException wrong = assertThrows(RegistryUnauthorizedException.class,
        () -> RegistryClient.create(transport, registry.host(), Credentials.of("bob", "bad")).checkLogin());
    assertEquals("login " + registry.host() + ": 401 Unauthorized", wrong.getMessage());
  }

  @Test
  void mountAsksForPushOnTheTargetAndPullOnTheSource() throws Exception {
    registry.on("POST", "/v2/tc/blobs/uploads/", bearer("repository:tc:pull,push", status(201), "t"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"t\",\"expires_in\":300}"));
    assertTrue(RegistryClient.create(transport, registry.host(), null)
        .mountBlob("tc", BlobFetchTest.DIGEST, "base/img"));
    assertEquals("service=fake-registry&scope=repository:base/img:pull&scope=repository:tc:pull,push",
        query(tokenServer.seen().get(0)));
    assertEquals("/v2/tc/blobs/uploads/?mount=" + BlobFetchTest.DIGEST.toString().replace(":", "%3A")
        + "&from=base%2Fimg", registry.seen("POST", "/v2/tc/blobs/uploads/").get(1).uri());
  }

  @Test
  void loginCheckFetchesAnUnscopedTokenWithTheCredentials() throws Exception {
    registry.on("GET", "/v2/", bearer("", status(200), "login-token"));
    tokenServer.on("GET", "/token", json(200, "{\"token\":\"login-token\"}"));
    RegistryClient.create(transport, registry.host(), Credentials.of("alice", "pw")).checkLogin();
    assertEquals("service=fake-registry&account=alice", query(tokenServer.seen().get(0)));
  }

  @Test
  void challengeParsingHandlesQuotedCommasAndEscapes() {
    AuthChallenge c = AuthChallenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:a/b:pull,push\",error=\"insufficient_scope\"");
    assertTrue(c.isBearer());
    assertEquals("https://auth.docker.io/token", c.realm());
    assertEquals("registry.docker.io", c.service());
    assertEquals("repository:a/b:pull,push", c.scope());
    assertEquals("a \"b\"", AuthChallenge.parse("Basic realm=\"a \\\"b\\\"\"").realm());
    assertNull(AuthChallenge.parse(" "));
  }
}
