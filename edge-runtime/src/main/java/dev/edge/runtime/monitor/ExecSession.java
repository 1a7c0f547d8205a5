package dev.edge.runtime.monitor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A {@code docker exec} process under conmon: attach first, then let it run, then collect its
 * exit status from the sync pipe.
 */
public final class ExecSession {
  private final Process conmon;
  private final OutputStream startPipe;
  private final Path attachSocket;
  private final Path conmonLog;
  private final SyncPipe sync;

  ExecSession(Process conmon, OutputStream startPipe, Path attachSocket, Path conmonLog) {
    this.conmon = conmon;
    this.startPipe = startPipe;
    this.attachSocket = attachSocket;
    this.conmonLog = conmonLog;
    this.sync = new SyncPipe(conmon.getInputStream());
  }

  /**
   * Waits until conmon serves the attach socket, connects to it, then lets the runtime exec
   * the process and returns its pid with the connected socket.
   */
  public Started begin() throws IOException {
    SyncPipe attachReady = new SyncPipe(conmon.getErrorStream());
    SyncPipe.Report ready = Conmon.awaitReport(attachReady, conmon, conmonLog, "exec attach");
    if (ready.data() < 0) {
      throw new ConmonException(Conmon.runtimeMessage(ready));
    }
    SeqPacketSocket socket = SeqPacketSocket.connect(attachSocket);
    try {
      startPipe.write('1');
      startPipe.close();
      SyncPipe.Report pid = Conmon.awaitReport(sync, conmon, conmonLog, "exec");
      if (pid.data() <= 0) {
        throw new ConmonException(Conmon.runtimeMessage(pid));
      }
      return new Started(pid.data(), socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Blocks until the exec'd process ends; its exit status (128+N for signal N). */
  public int awaitExit() throws IOException {
    SyncPipe.Report exit = Conmon.awaitReport(sync, conmon, conmonLog, "exec exit");
    conmon.getInputStream().close();
    return exit.data();
  }

  /** A running exec process and the socket carrying its stdio. */
  public record Started(int pid, SeqPacketSocket socket) {}
}
