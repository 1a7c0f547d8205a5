package dev.edge.cli.container;

import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.client.DaemonException;
import dev.edge.cli.support.Terminal;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps a container's (or exec's) TTY the size of our terminal: once at start, then at every
 * SIGWINCH, through {@code POST …/resize?h=ROWS&w=COLUMNS}.
 */
final class TtyResizer {
  /** Docker retries the first resize: the TTY may not exist yet right after start. */
  static final int INITIAL_ATTEMPTS = 10;
  static final long INITIAL_BACKOFF_MS = 10;

  private final DaemonClient client;
  private final String resizePath;

  private TtyResizer(DaemonClient client, String resizePath) {
    this.client = client;
    this.resizePath = resizePath;
  }

  /** {@code resizePath} is {@code /containers/ID/resize} or {@code /exec/ID/resize}. */
  static void monitor(DaemonClient client, String resizePath) {
    TtyResizer resizer = new TtyResizer(client, resizePath);
    Thread first = new Thread(new InitialResize(resizer), "edge-tty-size");
    first.setDaemon(true);
    first.start();
    Signal.handle(new Signal("WINCH"), new WinchHandler(resizer));
  }

  private boolean resize() {
    Terminal.Size size = Terminal.size(Terminal.STDOUT);
    if (size == null) {
      return true; // nothing to tell
    }
    try {
      client.post(resizePath + "?h=" + size.rows() + "&w=" + size.columns(), null);
      return true;
    } catch (DaemonException e) {
      return false;
    }
  }

  private static final class InitialResize implements Runnable {
    private final TtyResizer resizer;

    InitialResize(TtyResizer resizer) {
      this.resizer = resizer;
    }

    @Override
    public void run() {
      try {
        for (int attempt = 0; attempt < INITIAL_ATTEMPTS && !resizer.resize(); attempt++) {
          Thread.sleep((attempt + 1) * INITIAL_BACKOFF_MS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class WinchHandler implements SignalHandler {
    private final TtyResizer resizer;

    WinchHandler(TtyResizer resizer) {
      this.resizer = resizer;
    }

    @Override
    public void handle(Signal signal) {
      resizer.resize();
    }
  }
}
