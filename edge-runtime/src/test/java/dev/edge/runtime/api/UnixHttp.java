package dev.edge.runtime.api;

import java.nio.file.Path;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.io.Transport;

/** A test client for the daemon's Unix socket. */
public final class UnixHttp implements AutoCloseable {
  private final HttpClient client = new HttpClient();
  private final Path socket;

  public UnixHttp(Path socket) throws Exception {
    this.socket = socket;
    client.start();
  }

  public ContentResponse send(String method, String path) throws Exception {
    return request(method, path).send();
  }

  public ContentResponse send(String method, String path, String json) throws Exception {
    return request(method, path).body(new BytesRequestContent("application/json",
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).send();
  }

  public Request request(String method, String path) {
    return client.newRequest("http://localhost" + path).method(method)
        .transport(new Transport.TCPUnix(socket));
  }

  @Override
  public void close() throws Exception {
    client.stop();
  }
}
