package dev.edge.runtime.registry;

import dev.edge.runtime.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GET /v2/NAME/blobs/DIGEST, from an offset with Range; null means "416: start again from 0". */
final class BlobPuller implements RegistryEndpoint<BlobResponse> {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final String repository;
  private final Digest digest;
  private final long fromOffset;
  private final RegistryAction action;
  private final RegistryTransport transport;

  BlobPuller(String repository, Digest digest, long fromOffset, RegistryAction action,
      RegistryTransport transport) {
    this.repository = repository;
    this.digest = digest;
    this.fromOffset = fromOffset;
    this.action = action;
    this.transport = transport;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public URI uri(URI base) {
    return URI.create(base + "/v2/" + repository + "/blobs/" + digest);
  }

  @Override
  public Map<String, String> headers() {
    return fromOffset > 0 ? Map.of("Range", "bytes=" + fromOffset + "-") : Map.of();
  }

  @Override
  public boolean accepts(int status) {
    return status == 200 || status == 206 || (status == 416 && fromOffset > 0);
  }

  @Override
  public BlobResponse handle(HttpResponse<InputStream> response) throws IOException {
    int status = response.statusCode();
    if (status == 416) {
      ResponseErrors.readErrorBody(response.body());
      return null; // our partial copy is longer than the blob: it is not this blob's prefix
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    long offset = 0;
    long total = length;
    if (status == 206) {
      String range = response.headers().firstValue("Content-Range").orElse("");
      Matcher m = CONTENT_RANGE.matcher(range.strip());
      if (!m.matches() || Long.parseLong(m.group(1)) != fromOffset) {
        response.body().close();
        throw new RegistryContentException(action, "asked for bytes " + fromOffset
            + "- but the registry sent 206 with Content-Range \"" + range + "\"", 206);
      }
      offset = fromOffset;
      total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
    }
    InputStream watched = new IdleTimeoutInputStream(response.body(),
        transport.config().idleReadTimeout(), transport.watchdog(), action.toString());
    return new BlobResponse(watched, offset, total);
  }
}
