package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import dev.edge.runtime.fs.AtomicFiles;
import dev.edge.runtime.fs.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a container's {@code hosts}, {@code hostname} and {@code resolv.conf} into its own
 * directory, to be bind-mounted over the image's {@code /etc} files.
 */
public final class EtcFiles {
  public static final String HOSTS = "/etc/hosts";
  public static final String HOSTNAME = "/etc/hostname";
  public static final String RESOLV_CONF = "/etc/resolv.conf";

  private EtcFiles() {}

  /** Container path to the generated host file, in the order they are mounted. */
  public static Map<String, Path> write(Path containerDir, EffectiveConfig config,
      HostConfig hc, NetworkSetup network, HostSupport host) {
    boolean hostNet = network.mode() == NetworkSetup.Mode.HOST;
    String hosts = HostsFile.build(hostNet ? readHostFile(host.hostsFile()) : null,
        hc.extraHosts(), hostNet ? null : network.ipAddress(), config.hostname(),
        config.domainname(), network.hostGateway());
    String resolv = ResolvConf.build(readHostFile(host.resolvConf()), hc.dns(), hc.dnsSearch(),
        hostNet);
    Map<String, Path> files = new LinkedHashMap<>();
    try {
      files.put(RESOLV_CONF, write(containerDir, "resolv.conf", resolv));
      files.put(HOSTNAME, write(containerDir, "hostname", config.hostname() + "\n"));
      files.put(HOSTS, write(containerDir, "hosts", hosts));
    } catch (IOException e) {
      throw new IllegalStateException("write the /etc files of the container in "
          + containerDir + ": " + IoErrors.describe(e), e);
    }
    return files;
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
    // Any user in the container reads these, as it reads the image's own /etc files.
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  private static String readHostFile(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new IllegalStateException("read the host's " + file + ": " + IoErrors.describe(e),
          e);
    }
  }
}
