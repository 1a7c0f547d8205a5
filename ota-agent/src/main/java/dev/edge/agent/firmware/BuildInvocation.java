package dev.edge.agent.firmware;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of a build command in its toolchain.
 *
 * @param imageId the toolchain image to run
 * @param projectDir the project, mounted at {@link #MOUNT}
 * @param workdir relative to the project root
 * @param uid the user the command runs as, so what it writes belongs to whoever asked for the build
 */
public record BuildInvocation(String imageId, Path projectDir, String workdir, List<String> command,
                              long sourceDateEpoch, int uid, int gid) {
  /** Where the project is mounted in the container. */
  public static final String MOUNT = "/project";

  public BuildInvocation {
    command = List.copyOf(command);
  }

  /** The working directory inside the container. */
  public String containerWorkdir() {
    return workdir.equals(".") ? MOUNT : MOUNT + "/" + workdir;
  }
}
