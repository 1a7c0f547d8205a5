package dev.edge.runtime.build;

import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.distribution.PullService;
import dev.edge.runtime.image.Platform;
import dev.edge.runtime.image.Reference;
import dev.edge.runtime.store.ImageRecord;
import dev.edge.runtime.store.NoSuchImageException;
import java.io.IOException;
import java.util.Optional;

/**
 * FROM images as Docker's classic builder finds them: the local image when there is one (unless
 * {@code --pull}), else a pull with the daemon's stored credentials.
 */
public final class PullingBaseImages implements Builder.BaseImages {
  private final ImageStore store;
  private final PullService pulls;

  public PullingBaseImages(ImageStore store, PullService pulls) {
    this.store = store;
    this.pulls = pulls;
  }

  @Override
  public ImageRecord find(Reference ref, Platform platform, boolean pull, Builder.Output out)
      throws IOException, InterruptedException {
    Reference named = ref.tag() == null && ref.digest() == null ? ref.withTag("latest") : ref;
    if (!pull) {
      try {
        return store.index().resolve(named.toString());
      } catch (NoSuchImageException e) {
        // not here: pull it
      }
    }
    out.stream((pull ? "Pulling " : "Pulling missing image ") + named.familiar() + "\n");
    PullService.Resolved resolved = pulls.resolve(named, Optional.of(platform),
        Optional.empty());
    return pulls.pull(resolved, message -> {
      Object status = message.get("status");
      if (status instanceof String s && !message.containsKey("id")) {
        out.stream(s + "\n");
      }
    });
  }
}
