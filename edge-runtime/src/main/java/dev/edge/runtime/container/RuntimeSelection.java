package dev.edge.runtime.container;

import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.runtime.OciRuntime;
import dev.edge.runtime.runtime.RuntimeProbe;
import dev.edge.runtime.system.OciRuntimes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OCI runtime runs containers: {@code --runtime} when given, else the first of crun and
 * runc that passes a real probe. The probe runs once, on first need, so an idle daemon starts
 * without it.
 */
public final class RuntimeSelection {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSelection.class);

  private final Path stateRoot;
  private final Optional<String> override;
  private OciRuntime chosen;
  private String refusal;

  public RuntimeSelection(Path stateRoot, Optional<String> override) {
    this.stateRoot = stateRoot;
    this.override = override;
  }

  /** The runtime for new containers; a 500 naming what is missing when there is none. */
  public synchronized OciRuntime chosen() {
    if (chosen == null && refusal == null) {
      choose();
    }
    if (chosen == null) {
      throw new ApiException(500, refusal);
    }
    return chosen;
  }

  /** A container's runtime by name (the one it was created with, or a create's Runtime). */
  public OciRuntime byName(String name) {
    if (chosen != null && chosen.name().equals(name)) {
      return chosen;
    }
    if (!java.util.Arrays.asList(OciRuntimes.PREFERENCE).contains(name)) {
      throw ApiException.badRequest("unknown or invalid runtime name: " + name
          + " (edge runs crun and runc)");
    }
    Optional<Path> binary = OciRuntimes.which(name);
    if (binary.isEmpty()) {
      throw new ApiException(500, "OCI runtime " + name + " not found on PATH: install it"
          + " (apt-get install " + name + ")");
    }
    return new OciRuntime(name, binary.get(), stateRoot.resolve(name));
  }

  private void choose() {
    if (override.isPresent()) {
      String name = override.get();
      Optional<Path> binary = OciRuntimes.which(name);
      if (binary.isEmpty()) {
        refusal = "--runtime " + name + ": not found on PATH (apt-get install " + name + ")";
        return;
      }
      chosen = new OciRuntime(name, binary.get(), stateRoot.resolve(name));
      return;
    }
    Map<String, Path> installed = new LinkedHashMap<>(OciRuntimes.installed());
    if (installed.isEmpty()) {
      refusal = "no OCI runtime found: install crun or runc (apt-get install crun runc)";
      return;
    }
    List<RuntimeProbe.Outcome> outcomes = RuntimeProbe.probe(installed,
        stateRoot.resolve("probe"));
    for (RuntimeProbe.Outcome o : outcomes) {
      if (o.works()) {
        chosen = new OciRuntime(o.name(), o.binary(), stateRoot.resolve(o.name()));
        LOG.info("OCI runtime: {} ({})", o.name(), o.binary());
        return;
      }
      LOG.warn("OCI runtime {} cannot run containers here: {}", o.name(), o.detail());
    }
    StringBuilder why = new StringBuilder("no OCI runtime can run containers here:");
    outcomes.forEach(o -> why.append(' ').append(o.name()).append(": ").append(o.detail())
        .append(';'));
    refusal = why.toString();
  }
}
