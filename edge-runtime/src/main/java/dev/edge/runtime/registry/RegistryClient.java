package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The v2 registry API of one registry, for one login (or none): manifests and blobs in and out,
 * with auth, redirects, retries and verification handled underneath.
 */
public final class RegistryClient {
  private final String registry;
  private final RegistryTransport transport;
  private final EndpointCaller caller;

  private RegistryClient(String registry, RegistryTransport transport, EndpointCaller caller) {
    this.registry = registry;
    this.transport = transport;
    this.caller = caller;
  }

  /**
   * @param registry as in a Reference: {@code docker.io}, {@code 127.0.0.1:5000}
   * @param credentials the login to use, or null for anonymous access
   */
  public static RegistryClient create(RegistryTransport transport, String registry,
      Credentials credentials) {
    String apiHost = RegistryHosts.apiHost(registry);
    Authorizer authorizer = new Authorizer(transport, apiHost, credentials);
    return new RegistryClient(registry, transport, new EndpointCaller(transport, apiHost, authorizer));
  }

  public String registry() {
    return registry;
  }

  /** The API root in use, e.g. {@code https://registry-1.docker.io} or {@code http://127.0.0.1:5000}. */
  public URI baseUri() {
    return caller.base();
  }

  /**
   * Fetches a manifest or index by tag or digest, verified against the digest asked for and the
   * registry's Docker-Content-Digest, capped at 4 MiB; other media types and schema 1 are refused.
   */
  public ManifestResponse fetchManifest(String repository, String tagOrDigest) throws IOException {
    RegistryAction action = RegistryAction.pull(registry, repository, "manifest " + tagOrDigest);
    try {
      return caller.call(new ManifestPuller(repository, tagOrDigest, action), action,
          List.of(Authorizer.pullScope(repository)));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(action, e.getMessage(), 0, e);
    }
  }

  /**
   * Opens a blob from {@code fromOffset} (Range). The response says where its body really starts:
   * at the offset (206), or at 0 when the registry sent everything (200, or 416 for an offset
   * past the end). Close it when done.
   */
  public BlobResponse fetchBlob(String repository, Digest digest, long fromOffset)
      throws IOException {
    RegistryAction action = RegistryAction.pull(registry, repository, "blob " + digest);
    List<String> scopes = List.of(Authorizer.pullScope(repository));
    BlobResponse response = caller.call(
        new BlobPuller(repository, digest, fromOffset, action, transport), action, scopes);
    if (response == null) {
      response = caller.call(new BlobPuller(repository, digest, 0, action, transport), action, scopes);
    }
    return response;
  }

  /** HEAD of a blob: true when the repository already has it. */
  public boolean blobExists(String repository, Digest digest) throws IOException {
    RegistryAction action = RegistryAction.push(registry, repository, "blob " + digest);
    return caller.call(new BlobChecker(repository, digest), action,
        List.of(Authorizer.pushScope(repository)));
  }

  /**
   * Mounts a blob from another repository of the same registry. True when mounted; false when
   * the registry refused (then upload it with {@link #pushBlob}).
   */
  public boolean mountBlob(String repository, Digest digest, String fromRepository)
      throws IOException {
    RegistryAction action = RegistryAction.push(registry, repository,
        "blob " + digest + " mounted from " + fromRepository);
    List<String> scopes =
        List.of(Authorizer.pushScope(repository), Authorizer.pullScope(fromRepository));
    URI session = caller.call(new BlobMounter(repository, digest, fromRepository, action), action, scopes);
    if (session == null) {
      return true;
    }
    try {
      caller.call(new UploadCanceller(session), action, scopes);
    } catch (IOException e) {
      // best effort: the registry expires the unused session
    }
    return false;
  }

  /**
   * Uploads a blob: one PUT up to the configured monolithic limit, PATCH chunks above it.
   *
   * @param source opens the blob from its first byte; called again if the upload starts over
   * @param progress receives the bytes sent so far in the current attempt
   */
  public void pushBlob(String repository, Digest digest, long size, BlobSource source,
      LongConsumer progress) throws IOException {
    RegistryAction action = RegistryAction.push(registry, repository, "blob " + digest);
    new BlobPusher(caller, transport.config())
        .push(repository, digest, size, source, progress, action,
            List.of(Authorizer.pushScope(repository)));
  }

  /** PUTs a manifest under a tag (or its digest); returns its digest. */
  public Digest pushManifest(String repository, String tagOrDigest, byte[] manifest,
      String mediaType) throws IOException {
    RegistryAction action = RegistryAction.push(registry, repository, "manifest " + tagOrDigest);
    if (!MediaTypes.MANIFESTS.contains(mediaType)) {
      throw new RegistryContentException(action, "unsupported manifest media type " + mediaType, 0);
    }
    if (manifest.length > ManifestPuller.MAX_MANIFEST_BYTES) {
      throw new RegistryContentException(action, "manifest is " + manifest.length
          + " bytes, over the " + (ManifestPuller.MAX_MANIFEST_BYTES >> 20) + " MiB limit", 0);
    }
    return caller.call(new ManifestPusher(repository, tagOrDigest, manifest, mediaType, action),
        action, List.of(Authorizer.pushScope(repository)));
  }

  /** GET /v2/ with this client's credentials: returns when they are accepted. */
  public void checkLogin() throws IOException {
    caller.call(new ApiVersionChecker(), RegistryAction.login(registry), List.of());
  }
}
