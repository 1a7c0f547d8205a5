package dev.edge.runtime.snapshot;

import dev.edge.runtime.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ChainIDs per the OCI image spec: chain(L0) = diffid(L0), chain(Ln) = sha256(chain(Ln-1) + " " +
 * diffid(Ln)). They name a layer together with everything beneath it.
 */
public final class ChainIds {
  private ChainIds() {}

  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chain = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous = previous == null ? diffId
          : Digest.sha256((previous + " " + diffId).getBytes(StandardCharsets.US_ASCII));
      chain.add(previous);
    }
    return chain;
  }
}
