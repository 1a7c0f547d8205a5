package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.client.RawStream;
import dev.edge.cli.support.Terminal;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * Starts a created container with this terminal attached, in the order {@code docker run} and
 * {@code docker start -a} use so no output and no exit is missed: attach (hijacked), ask for the
 * wait, start, keep the TTY sized, copy the streams until the container closes them, and return
 * the exit code the wait reports.
 */
final class AttachedStart {
  private final DaemonClient client;
  private final String id;
  private final boolean tty;
  private final boolean stdin;
  private final boolean stdout;
  private final boolean stderr;

  /** Which of the container's streams to attach, and whether it has a TTY. */
  AttachedStart(DaemonClient client, String id, boolean tty, boolean stdin, boolean stdout,
      boolean stderr) {
    this.client = client;
    this.id = id;
    this.tty = tty;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Runs to the container's end and returns its exit code. A refused start is rethrown after
   * the stream is closed (and, with {@code autoRemove}, after the daemon removed the container).
   */
  int run(boolean autoRemove, boolean proxySignals, PrintWriter err)
      throws IOException, InterruptedException {
    if (proxySignals && !tty) {
      SignalProxy.forward(client, id);
    }
    StreamSession session = null;
    if (stdin || stdout || stderr) {
      session = openSession();
    }
    ContainerWaiter waiter = ContainerWaiter.begin(client, id, autoRemove);
    try {
      client.post("/containers/" + id + "/start", null);
    } catch (DaemonException e) {
      if (session != null) {
        session.close();
      }
      if (autoRemove) {
        waiter.await(err);
      }
      throw e;
    }
    if (session != null) {
      if (tty && Terminal.isTerminal(Terminal.STDOUT)) {
        TtyResizer.monitor(client, "/containers/" + id + "/resize");
      }
      try (StreamSession s = session) {
        s.pump();
      } catch (IOException e) {
        if (System.getenv("EDGE_DEBUG") != null) {
          err.println("attach stream: " + e.getMessage());
        }
      }
      if (session.detached()) {
        return 0; // the container runs on, as after docker's ctrl-p ctrl-q
      }
    }
    return waiter.await(err);
  }

  private StreamSession openSession() {
    RawStream stream = client.hijack("/containers/" + id + "/attach?stream=1"
        + (stdin ? "&stdin=1" : "") + (stdout ? "&stdout=1" : "")
        + (stderr ? "&stderr=1" : ""), null);
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    OutputStream errOut = tty ? out : new FileOutputStream(FileDescriptor.err);
    boolean raw = tty && stdin && Terminal.isTerminal(Terminal.STDIN);
    return StreamSession.open(stream, tty, stdin ? new FileInputStream(FileDescriptor.in) : null,
        out, errOut, raw);
  }
}
