package dev.edge.runtime.api;

import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server: Jetty on Unix sockets (and loopback TCP), sized for a 512 MB gateway.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /** Streams (events, logs, pulls) hold a thread each, so the cap is generous; idle threads die. */
  private static final int MAX_THREADS = 48;
  private static final int MIN_THREADS = 2;
  private static final int THREAD_IDLE_MS = 30_000;
  /** Idle keep-alive connections are closed after this; streaming responses turn it off. */
  private static final long CONNECTION_IDLE_MS = 60_000;
  /** Socket mode as in Docker: root and the socket's group may talk to the daemon. */
  private static final String SOCKET_MODE = "rw-rw----";
  /** The group given access to the socket when it exists, as Docker uses "docker". */
  private static final String SOCKET_GROUP = "edge";

  private final Server server;
  private final List<Path> socketPaths = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();

  public ApiServer(List<HostAddress> hosts, Router router, String version) {
    QueuedThreadPool pool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, THREAD_IDLE_MS);
    pool.setName("api");
    pool.setReservedThreads(0);
    server = new Server(pool, new ScheduledExecutorScheduler("api-scheduler", true), null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    for (HostAddress host : hosts) {
      server.addConnector(connectorFor(host, http));
      this.hosts.add(host.toString());
    }
    server.setHandler(new ApiDispatcher(router, version));
    server.setStopTimeout(3_000);
  }

  private org.eclipse.jetty.server.Connector connectorFor(HostAddress host, HttpConfiguration http) {
    HttpConnectionFactory factory = new BlankHostConnectionFactory(http);
    if (host.isUnix()) {
      UnixDomainServerConnector unix = new UnixDomainServerConnector(server, 1, 1, factory);
      unix.setUnixDomainPath(host.socketPath());
      unix.setIdleTimeout(CONNECTION_IDLE_MS);
      socketPaths.add(host.socketPath());
      return unix;
    }
    ServerConnector tcp = new ServerConnector(server, 1, 1, factory);
    tcp.setHost(host.tcpHost());
    tcp.setPort(host.tcpPort());
    tcp.setIdleTimeout(CONNECTION_IDLE_MS);
    return tcp;
  }

  /** Starts listening; an IOException's message is complete and names the address. */
  public void start() throws IOException {
    for (Path socket : socketPaths) {
      prepareSocketPath(socket);
    }
    try {
      server.start();
    } catch (IOException e) {
      throw new IOException("cannot listen on " + String.join(", ", hosts) + ": "
          + IoErrors.describe(e), e);
    } catch (Exception e) {
      throw new IOException("cannot start the API server: " + e, e);
    }
    for (Path socket : socketPaths) {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(SOCKET_MODE));
      giveToGroup(socket);
    }
  }

  /** Creates the parent directory and clears a socket left by a daemon that died. */
  private static void prepareSocketPath(Path socket) throws IOException {
    Path parent = socket.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IOException("cannot create directory " + parent + " for API socket " + socket
          + ": " + IoErrors.describe(e), e);
    }
    if (!Files.isWritable(parent)) {
      throw new IOException("cannot create API socket " + socket + ": directory " + parent
          + " is not writable by this user");
    }
    if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (somebodyListens(socket)) {
        throw new IOException("another daemon is already listening on unix://" + socket);
      }
      Files.delete(socket);
    }
  }

  private static boolean somebodyListens(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void giveToGroup(Path socket) {
    try {
      GroupPrincipal group =
          socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(
              SOCKET_GROUP);
      Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(group);
    } catch (IOException e) {
      LOG.debug("no group {}; socket {} stays root-only", SOCKET_GROUP, socket);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      for (Path socket : socketPaths) {
        Files.deleteIfExists(socket);
      }
    }
  }
}
