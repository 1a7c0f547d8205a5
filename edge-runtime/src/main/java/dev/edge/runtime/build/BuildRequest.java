package dev.edge.runtime.build;

import dev.edge.runtime.image.Reference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One build as {@code edge build} and {@code POST /build} ask for it.
 *
 * @param context the build context, already on the daemon's disk
 * @param dockerfile the Dockerfile's path inside the context
 * @param network the RUN steps' network: host (the default), none, or bridge
 * @param platform os/arch[/variant] for FROM images, or null for the daemon's
 */
public record BuildRequest(Path context, String dockerfile, List<Reference> tags,
    Map<String, String> buildArgs, Map<String, String> labels, String target, boolean noCache,
    boolean pull, String platform, String network) {
  public BuildRequest {
    tags = List.copyOf(tags);
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
    network = network == null || network.isEmpty() || network.equals("default") ? "host"
        : network;
  }
}
