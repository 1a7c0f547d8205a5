package dev.edge.cli.client;

import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.system.EdgeVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.util.BufferUtil;

/**
 * One HTTP/1.1 exchange with the daemon on a blocking socket, framed by Jetty's HTTP codec.
 *
 * <p>Jetty's asynchronous HttpClient costs ~0.3 s of start-up in a fresh JVM (threads, pools,
 * protocol handlers) for what a CLI does once per run; its generator and parser alone cost a few
 * ms. A blocking socket is also what Docker's hijacked attach and exec streams need.
 */
final class HttpConnection implements AutoCloseable {
  private static final int READ_BUFFER = 32 * 1024;
  private static final int HEADER_BUFFER = 8 * 1024;
  /** Piece of a streamed request body (a root file system tar) sent per chunk. */
  private static final int STREAM_BUFFER = 64 * 1024;

  private final SocketChannel channel;
  private final ByteBuffer in = BufferUtil.allocate(READ_BUFFER);
  private final ResponseHandler handler = new ResponseHandler();
  private final HttpParser parser = new HttpParser(handler);

  private HttpConnection(SocketChannel channel) {
    this.channel = channel;
  }

  static HttpConnection open(HostAddress host) throws IOException {
    SocketChannel channel;
    if (host.isUnix()) {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.connect(UnixDomainSocketAddress.of(host.socketPath()));
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    } else {
      channel = SocketChannel.open(new InetSocketAddress(host.tcpHost(), host.tcpPort()));
    }
    return new HttpConnection(channel);
  }

  /** The response status and headers, with the body left to read from {@link Response#body()}. */
  record Response(int status, HttpFields headers, InputStream body) {}

  /** Sends the request and reads up to the end of the response headers. */
  Response exchange(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
      throws IOException {
    return sendThenRead(method, () -> writeRequest(method, pathAndQuery, headers, body));
  }

  /**
   * Sends the request with {@code body} streamed as chunked content (its length need not be
   * known: a pipe, stdin) and reads up to the end of the response headers.
   */
  Response exchangeStreamed(String method, String pathAndQuery, Map<String, String> headers,
      InputStream body) throws IOException {
    return sendThenRead(method,
        () -> writeStreamedRequest(method, pathAndQuery, headers, body));
  }

  private interface RequestWriter {
    void write() throws IOException;
  }

  private Response sendThenRead(String method, RequestWriter request) throws IOException {
    try {
      request.write();
    } catch (IOException writeFailure) {
      // The daemon may refuse a request (404, 409, a body that is not a tar) before reading a
      // large body, then close: its answer is the useful error, not our broken pipe.
      try {
        return readResponse(method);
      } catch (IOException noAnswer) {
        writeFailure.addSuppressed(noAnswer);
        throw writeFailure;
      }
    }
    return readResponse(method);
  }

  /**
   * Sends a request that asks the daemon to take over the connection, as Docker's attach and
   * exec start do. On {@code 101} the socket becomes a {@link RawStream}; any other answer is
   * returned as a plain response (an error body, or a daemon that cannot upgrade).
   */
  Upgrade upgrade(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
      throws IOException {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Connection", "Upgrade");
    all.put("Upgrade", "tcp");
    Response response = exchange(method, pathAndQuery, all, body);
    if (response.status() != HttpStatus.SWITCHING_PROTOCOLS_101) {
      return new Upgrade(response, null);
    }
    ByteBuffer early = ByteBuffer.allocate(in.remaining());
    early.put(in).flip();
    return new Upgrade(response, new RawStream(channel, early));
  }

  /** The answer to {@link #upgrade}: the stream when the daemon switched protocols. */
  record Upgrade(Response response, RawStream stream) {}

  private Response readResponse(String method) throws IOException {
    parser.setHeadResponse(method.equals("HEAD"));
    while (!handler.headersDone) {
      parseMore();
    }
    return new Response(handler.status, handler.fields.asImmutable(), new Body());
  }

  private void writeRequest(String method, String pathAndQuery, Map<String, String> headers,
      byte[] body) throws IOException {
    HttpFields.Mutable fields = HttpFields.build()
        .add("Host", "localhost")
        .add("User-Agent", "edge/" + EdgeVersion.get());
    headers.forEach(fields::add);
    MetaData.Request info = new MetaData.Request(method, HttpURI.from(pathAndQuery),
        HttpVersion.HTTP_1_1, fields, body == null ? 0 : body.length);
    // No "Connection: close": the daemon then frames streams with chunked encoding, so a daemon
    // that dies mid-stream shows as a cut stream, not as a normal end of the body. We close the
    // socket ourselves after the exchange.
    HttpGenerator generator = new HttpGenerator();
    ByteBuffer header = null;
    ByteBuffer chunk = null;
    ByteBuffer content = body == null ? null : ByteBuffer.wrap(body);
    while (true) {
      switch (generator.generateRequest(info, header, chunk, content, true)) {
        case NEED_HEADER -> header = BufferUtil.allocate(HEADER_BUFFER);
        case HEADER_OVERFLOW -> throw new IOException("request headers larger than "
            + HEADER_BUFFER + " bytes");
        case NEED_CHUNK, NEED_CHUNK_TRAILER -> chunk = BufferUtil.allocate(HttpGenerator.CHUNK_SIZE);
        case FLUSH -> {
          writeFully(header);
          writeFully(chunk);
          writeFully(content);
        }
        case DONE -> {
          return;
        }
        case CONTINUE, SHUTDOWN_OUT -> { }
        case NEED_INFO -> throw new IllegalStateException("HTTP generator lost the request");
        default -> throw new IllegalStateException("unexpected HTTP generator state");
      }
    }
  }

  private void writeStreamedRequest(String method, String pathAndQuery,
      Map<String, String> headers, InputStream body) throws IOException {
    HttpFields.Mutable fields = HttpFields.build()
        .add("Host", "localhost")
        .add("User-Agent", "edge/" + EdgeVersion.get());
    headers.forEach(fields::add);
    // A content length of -1 makes the generator chunk the body.
    MetaData.Request info = new MetaData.Request(method, HttpURI.from(pathAndQuery),
        HttpVersion.HTTP_1_1, fields, -1);
    HttpGenerator generator = new HttpGenerator();
    ByteBuffer header = null;
    ByteBuffer chunk = null;
    ByteBuffer content = null;
    byte[] buffer = new byte[STREAM_BUFFER];
    boolean last = false;
    while (true) {
      switch (generator.generateRequest(info, header, chunk, content, last)) {
        case NEED_HEADER -> header = BufferUtil.allocate(HEADER_BUFFER);
        case HEADER_OVERFLOW -> throw new IOException("request headers larger than "
            + HEADER_BUFFER + " bytes");
        case NEED_CHUNK, NEED_CHUNK_TRAILER -> chunk = BufferUtil.allocate(HttpGenerator.CHUNK_SIZE);
        case FLUSH -> {
          writeFully(header);
          writeFully(chunk);
          writeFully(content);
        }
        case DONE -> {
          if (last) {
            return;
          }
          // the generator has sent what it had and wants the next piece of the body
          int n = body.read(buffer);
          if (n < 0) {
            last = true;
            content = null;
          } else {
            content = ByteBuffer.wrap(buffer, 0, n);
          }
        }
        case CONTINUE, SHUTDOWN_OUT -> { }
        case NEED_INFO -> throw new IllegalStateException("HTTP generator lost the request");
        default -> throw new IllegalStateException("unexpected HTTP generator state");
      }
    }
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer != null && buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Advances the parser: first on the bytes it has (it may only need to report the end of the
   * message), and only then on more bytes from the socket.
   */
  private void parseMore() throws IOException {
    boolean paused = parser.parseNext(in);
    if (!paused && !in.hasRemaining()) {
      int start = BufferUtil.flipToFill(in);
      int n = channel.read(in);
      BufferUtil.flipToFlush(in, start);
      if (n < 0) {
        parser.atEOF();
      }
      parser.parseNext(in);
    }
    if (handler.failure != null) {
      throw handler.failure;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** The response body as the parser frames it (Content-Length, chunked, or until EOF). */
  private final class Body extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (handler.pending == null || !handler.pending.hasRemaining()) {
        if (handler.complete) {
          return -1;
        }
        handler.pending = null;
        parseMore();
      }
      int n = Math.min(len, handler.pending.remaining());
      handler.pending.get(b, off, n);
      return n;
    }

    @Override
    public void close() throws IOException {
      HttpConnection.this.close();
    }
  }

  /** Collects what the parser reports; each callback that returns true pauses the parser. */
  private static final class ResponseHandler implements HttpParser.ResponseHandler {
    private final HttpFields.Mutable fields = HttpFields.build();
    private int status;
    private boolean headersDone;
    private boolean complete;
    private ByteBuffer pending;
    private IOException failure;

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
      this.status = status;
    }

    @Override
    public void parsedHeader(HttpField field) {
      fields.add(field);
    }

    @Override
    public boolean headerComplete() {
      headersDone = true;
      return true;
    }

    @Override
    public boolean content(ByteBuffer item) {
      pending = item;
      return true;
    }

    @Override
    public boolean contentComplete() {
      return false;
    }

    @Override
    public boolean messageComplete() {
      headersDone = true;
      complete = true;
      return true;
    }

    @Override
    public void earlyEOF() {
      headersDone = true;
      complete = true;
      failure = new IOException("the daemon closed the connection before the response ended");
    }

    @Override
    public void badMessage(HttpException e) {
      headersDone = true;
      complete = true;
      failure = new IOException("malformed HTTP response from the daemon: " + e.getReason());
    }
  }
}
