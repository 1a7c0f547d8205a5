package dev.edge.runtime.store;

import java.io.IOException;
import java.time.Instant;

/** Another writer holds this ingest ref (containerd's "ref locked"). */
public class IngestLockedException extends IOException {
  public IngestLockedException(String ref, Instant since) {
    super("ingest " + ref + " is locked by another writer since " + since
        + "; wait for it, then check whether the blob exists");
  }
}
