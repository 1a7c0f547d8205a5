package dev.edge.runtime.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Both directions of a hijacked connection (Docker's attach and exec streams) as blocking
 * streams. Output can be half-closed so the client sees the end of a stream while it may
 * still send.
 */
public interface RawStream extends Closeable {
  InputStream input();

  OutputStream output();

  /** Ends our direction only (TCP FIN / Unix shutdown(SHUT_WR)). */
  void shutdownOutput();
}
