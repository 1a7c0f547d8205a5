package dev.edge.agent.status;

import dev.edge.agent.artifacts.ArtifactDownloader;
import dev.edge.agent.boards.BoardFlashing;
import dev.edge.agent.boards.BoardResetJob;
import dev.edge.agent.containers.ContainerJobs;
import dev.edge.agent.firmware.ArtifactFlashJob;
import dev.edge.agent.firmware.FirmwareJobs;
import dev.edge.agent.firmware.ProjectTarballs;
import dev.edge.agent.images.ImagePullJob;
import dev.edge.agent.images.SharedPulls;
import dev.edge.agent.jobs.JobHandler;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.container.ContainerService;
import dev.edge.runtime.daemon.Daemon;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job type the fleet agent sends, in one list to register with the job engine: {@code image.pull},
 * {@code container.run|stop|remove}, {@code board.reset}, {@code ota}, {@code firmware.build|flash|deploy} (with
 * their {@code url} forms), {@code gateway.status} and {@code no-op}. Register them after (or instead of)
 * {@link FirmwareJobs#handlers()}: the firmware types here are the same jobs, plus the {@code url} forms.
 *
 * <p>State lives under {@code stateDir}: {@code downloads/} (artifacts being fetched; left-overs of a crash are
 * removed here) and {@code projects/<sha256>/} (unpacked project tarballs, kept for the next build).
 */
public final class AgentJobs {
  private static final Logger LOG = LoggerFactory.getLogger(AgentJobs.class);

  private AgentJobs() {
  }

  /** The handlers on the daemon's own services; {@code flashing} must be the one the firmware jobs use. */
  public static List<JobHandler> handlers(Daemon daemon, BoardFlashing flashing, BoardDiscovery discovery,
      FirmwareJobs firmware, Path stateDir) {
    return handlers(SharedPulls.of(daemon.pulls()), daemon.containers(), flashing, firmware,
        GatewayFacts.of(daemon, discovery), stateDir);
  }

  /** The same from parts, for tests and benchmarks. */
  public static List<JobHandler> handlers(SharedPulls pulls, Optional<ContainerService> containers,
      BoardFlashing flashing, FirmwareJobs firmware, GatewayFacts facts, Path stateDir) {
    Path downloads = stateDir.resolve("downloads");
    removeLeftovers(downloads);
    ArtifactDownloader downloader = new ArtifactDownloader();
    ArtifactFlashJob ota = new ArtifactFlashJob(flashing, downloader, downloads);
    List<JobHandler> all = new ArrayList<>();
    all.add(new ImagePullJob(pulls));
    all.addAll(new ContainerJobs(containers).handlers());
    all.add(new BoardResetJob(flashing));
    all.add(ota);
    all.addAll(firmware.handlers(new FirmwareJobs.Artifacts(ota,
        new ProjectTarballs(downloader, stateDir.resolve("projects"), downloads))));
    all.addAll(GatewayJobs.handlers(facts));
    return all;
  }

  /** Downloads a crash interrupted: they are never resumed (the job fails or starts over). */
  private static void removeLeftovers(Path downloads) {
    if (!Files.isDirectory(downloads)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(downloads, "artifact-*.part")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      LOG.warn("removing old downloads in {}: {}", downloads, e.toString());
    }
  }
}
