package dev.edge.runtime.network;

import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads host-local's allocations in {@code dataDir/<network>/}: one file per address, named by
 * it, holding the container ID and interface name on separate lines. Only host-local writes
 * there; edge reads it to find addresses whose container edge no longer knows.
 */
final class HostLocalAllocations {
  /** One allocated address and who holds it. */
  record Allocation(String address, String containerId, String ifname) {}

  private final Path networkDir;

  HostLocalAllocations(Path dataDir, String network) {
    this.networkDir = dataDir.resolve(network);
  }

  List<Allocation> list() throws NetworkException {
    List<Allocation> allocations = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(networkDir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        // lock and last_reserved_ip.N are host-local's own bookkeeping
        if (!Ipv4.isLiteral(name)) {
          continue;
        }
        String[] lines = readOwner(file).split("\\R");
        String ifname = lines.length > 1 ? lines[1].strip() : CniConfigs.BRIDGE_IFNAME;
        allocations.add(new Allocation(name, lines[0].strip(), ifname));
      }
    } catch (NoSuchFileException e) {
      return allocations;
    } catch (IOException e) {
      throw new NetworkException("list host-local allocations in " + networkDir + ": "
          + IoErrors.describe(e), e);
    }
    return allocations;
  }

  private static String readOwner(Path file) throws IOException {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";  // released while we looked
    }
  }
}
