package dev.edge.runtime.api;

import org.eclipse.jetty.http.HostPortHttpField;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.StringUtil;

/**
 * Jetty's HTTP/1.1 connections, except that an empty {@code Host} header is read as
 * {@code localhost}. Docker CLIs up to 20.10 send {@code Host: } (empty) on the hijacked
 * attach and exec requests, which RFC 9112 allows for a request target without an authority;
 * Jetty 12 refuses it with "400 Blank Host" and offers no compliance mode for it. A Unix socket
 * has no host name to check anyway.
 */
final class BlankHostConnectionFactory extends HttpConnectionFactory {
  private static final HttpField LOCALHOST = new HostPortHttpField("localhost");

  BlankHostConnectionFactory(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
      @Override
      protected RequestHandler newRequestHandler() {
        return new RequestHandler() {
          @Override
          public void parsedHeader(HttpField field) {
            boolean blankHost = field.getHeader() == HttpHeader.HOST
                && StringUtil.isBlank(field.getValue());
            super.parsedHeader(blankHost ? LOCALHOST : field);
          }
        };
      }
    };
    connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
    return configure(connection, connector, endPoint);
  }
}
