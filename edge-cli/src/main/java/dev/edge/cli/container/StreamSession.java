package dev.edge.cli.container;

import dev.edge.cli.client.MultiplexedStream;
import dev.edge.cli.client.RawStream;
import dev.edge.cli.support.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One hijacked connection with a container (attach, exec start): its output to our stdout and
 * stderr (demultiplexed, or raw with a TTY), our stdin to it on a second thread and, at the end
 * of our stdin, a half-close so the container sees EOF. With a TTY and a terminal on stdin, the
 * terminal is raw for the session.
 */
final class StreamSession implements AutoCloseable {
  private static final int COPY_BUFFER = 32 * 1024;

  private final RawStream stream;
  private final boolean tty;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private final Terminal.RawMode rawMode;
  private volatile boolean detached;

  private StreamSession(RawStream stream, boolean tty, OutputStream stdout, OutputStream stderr,
      Terminal.RawMode rawMode) {
    this.stream = stream;
    this.tty = tty;
    this.stdout = stdout;
    this.stderr = stderr;
    this.rawMode = rawMode;
  }

  /**
   * Starts the session: {@code stdin} (or null for none) is copied to the container from now on;
   * the output is copied by {@link #pump()}.
   */
  static StreamSession open(RawStream stream, boolean tty, InputStream stdin,
      OutputStream stdout, OutputStream stderr, boolean rawTerminal) {
    Terminal.RawMode raw = rawTerminal ? Terminal.makeRaw(Terminal.STDIN) : null;
    StreamSession session = new StreamSession(stream, tty, stdout, stderr, raw);
    if (stdin != null) {
      DetachKeys keys = tty ? new DetachKeys(DetachKeys.DEFAULT) : null;
      Thread copier = new Thread(session.new StdinCopier(stdin, keys), "edge-stdin");
      copier.setDaemon(true); // a read of our stdin cannot be interrupted; exit does not wait
      copier.start();
    }
    return session;
  }

  /** True when the user typed the detach keys: the container goes on without us. */
  boolean detached() {
    return detached;
  }

  /** Copies the container's output until the daemon ends the stream, or the user detaches. */
  void pump() throws IOException {
    try {
      if (tty) {
        byte[] buffer = new byte[COPY_BUFFER];
        InputStream in = stream.input();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          stdout.write(buffer, 0, n);
          stdout.flush();
        }
      } else {
        MultiplexedStream.demux(stream.input(), stdout, stderr);
      }
    } catch (IOException e) {
      if (!detached) { // a detach closes the stream under the read
        throw e;
      }
    } finally {
      restoreTerminal(); // before anything else is printed
    }
  }

  private void restoreTerminal() {
    if (rawMode != null) {
      rawMode.close();
    }
  }

  @Override
  public void close() throws IOException {
    restoreTerminal();
    stream.close();
  }

  /**
   * Our stdin to the container; at its end, the half-close that gives the container EOF. On a
   * TTY, the detach keys end the session instead.
   */
  private final class StdinCopier implements Runnable {
    private final InputStream stdin;
    private final DetachKeys keys;

    StdinCopier(InputStream stdin, DetachKeys keys) {
      this.stdin = stdin;
      this.keys = keys;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[COPY_BUFFER];
      java.io.ByteArrayOutputStream forward = new java.io.ByteArrayOutputStream(COPY_BUFFER);
      try {
        OutputStream out = stream.output();
        int n;
        while ((n = stdin.read(buffer)) >= 0) {
          if (keys == null) {
            out.write(buffer, 0, n);
            continue;
          }
          forward.reset();
          boolean detach = keys.filter(buffer, n, forward);
          forward.writeTo(out);
          if (detach) {
            detached = true;
            stream.close(); // ends pump(); the container runs on
            return;
          }
        }
        stream.closeWrite();
      } catch (IOException e) {
        // the connection ended first: the output side reports how
      }
    }
  }
}
