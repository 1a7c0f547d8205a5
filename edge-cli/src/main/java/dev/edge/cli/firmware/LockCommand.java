package dev.edge.cli.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.agent.firmware.DescriptorException;
import dev.edge.agent.firmware.DescriptorParser;
import dev.edge.agent.firmware.DescriptorPin;
import dev.edge.agent.firmware.FirmwareDescriptor;
import dev.edge.cli.UserException;
import dev.edge.cli.client.DaemonClient;
import dev.edge.cli.support.Query;
import dev.edge.cli.support.ApiCommand;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Reference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code edge firmware lock DIR}: resolves the descriptor's toolchain tag to the digest it names now (the daemon
 * pulls it, so the next build needs no registry) and writes {@code name:tag@sha256:...} back into
 * {@code toolchain.image}, leaving the rest of the file as it was.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
    description = "Pin the toolchain image of DIR's edge-firmware.yaml to the digest its tag names now")
public final class LockCommand extends ApiCommand {
  @Parameters(paramLabel = "DIR", description = "The firmware project (the directory of edge-firmware.yaml)")
  Path dir;

  @Override
  protected int run(DaemonClient client) {
    PrintWriter out = spec.commandLine().getOut();
    FirmwareDescriptor d;
    Reference tag;
    try {
      d = DescriptorParser.load(dir);
      tag = DescriptorPin.tagToResolve(d);
    } catch (DescriptorException e) {
      throw new UserException("firmware lock: " + e.getMessage());
    }
    String name = tag.familiarName();
    String[] error = {null};
    client.stream("POST", "/images/create?fromImage=" + Query.encode(name) + "&tag=" + Query.encode(tag.tag()), null,
        m -> {
          if (m.hasNonNull("error")) {
            error[0] = m.path("error").asText();
          }
        });
    if (error[0] != null) {
      throw new UserException("firmware lock: pulling " + name + ":" + tag.tag() + ": " + error[0]);
    }
    Digest digest = repoDigest(client.get("/images/" + name + ":" + tag.tag() + "/json"), name);
    String old = d.toolchain().image().orElseThrow();
    String pinned = DescriptorPin.pinned(old, digest);
    if (pinned.equals(old)) {
      out.println(d.file() + ": toolchain.image is pinned to the current " + digest + " already");
      return 0;
    }
    try {
      write(dir.resolve(FirmwareDescriptor.FILE_NAME), DescriptorPin.rewrite(d, pinned));
    } catch (DescriptorException e) {
      throw new UserException("firmware lock: " + e.getMessage());
    }
    out.println(d.file() + ": toolchain.image " + old + " -> " + pinned);
    return 0;
  }

  private static Digest repoDigest(JsonNode inspect, String name) {
    for (JsonNode d : inspect.path("RepoDigests")) {
      String text = d.asText();
      if (text.startsWith(name + "@")) {
        return Digest.parse(text.substring(name.length() + 1));
      }
    }
    throw new UserException("firmware lock: the daemon knows no registry digest of " + name + " ("
        + inspect.path("RepoDigests") + ")");
  }

  /** Replaces the file in one rename, keeping its permissions. */
  private static void write(Path file, byte[] bytes) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), ".edge-firmware", ".tmp");
      try {
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UserException("firmware lock: writing " + file + ": " + e.getMessage());
    }
  }
}
