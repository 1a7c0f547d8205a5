package dev.edge.runtime.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A registry login: user name and password, or an identity (refresh) token as docker.io issues.
 *
 * @param username the account; may be empty with an identity token
 * @param password the password or access token; empty with an identity token
 * @param identityToken an OAuth2 refresh token, or null
 */
public record Credentials(String username, String password, String identityToken) {
  public Credentials {
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    identityToken = identityToken == null || identityToken.isEmpty() ? null : identityToken;
  }

  public static Credentials of(String username, String password) {
    return new Credentials(username, password, null);
  }

  /** The value of an {@code Authorization: Basic} header. */
  String basicHeader() {
    return "Basic " + base64UserPass();
  }

  /** {@code base64(user:password)}, as in config.json's {@code auth} field. */
  String base64UserPass() {
    return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Distinguishes cached tokens of different logins without keeping secrets in the key. */
  String cacheIdentity() {
    return username + "#" + Integer.toHexString((password + "\0" + identityToken).hashCode());
  }

  @Override
  public String toString() {
    return "Credentials[" + username + ", secrets hidden]";
  }
}
