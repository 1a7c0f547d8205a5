package dev.edge.cli.container;

import dev.edge.runtime.container.HostConfig.DeviceMapping;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code --device HOST[:CONTAINER][:PERMISSIONS]}, permissions a set of r, w and m (default
 * rwm). A host path ending in {@code *} adds every matching device, each at its own path.
 */
public final class DeviceSpecs {
  static final String FLAG = "--device";
  private static final String ALL_PERMISSIONS = "rwm";

  private DeviceSpecs() {}

  public static List<DeviceMapping> parse(String spec) {
    String[] parts = spec.split(":", -1);
    if (parts.length > 3 || parts[0].isEmpty()) {
      throw new BadFlagException(FLAG, spec, "expected HOST-PATH[:CONTAINER-PATH][:PERMISSIONS]");
    }
    String host = parts[0];
    String container = host;
    String permissions = ALL_PERMISSIONS;
    if (parts.length == 2) {
      if (isPermissions(parts[1])) {
        permissions = parts[1];
      } else {
        container = parts[1];
      }
    } else if (parts.length == 3) {
      container = parts[1];
      permissions = parts[2];
      if (!isPermissions(permissions)) {
        throw new BadFlagException(FLAG, spec, "bad permissions \"" + permissions
            + "\" (a combination of r, w and m)");
      }
    }
    if (!container.startsWith("/")) {
      throw new BadFlagException(FLAG, spec, container + " is not an absolute path");
    }
    if (!host.startsWith("/")) {
      throw new BadFlagException(FLAG, spec, host + " is not an absolute path");
    }
    if (host.endsWith("*")) {
      if (parts.length == 3 || !container.equals(host)) {
        throw new BadFlagException(FLAG, spec, "a device pattern ending in * cannot have a"
            + " container path");
      }
      return matching(host, permissions);
    }
    return List.of(new DeviceMapping(host, container, permissions));
  }

  /** Each device in the pattern's directory whose name starts with its prefix, in name order. */
  private static List<DeviceMapping> matching(String pattern, String permissions) {
    File dir = new File(pattern).getParentFile();
    String prefix = new File(pattern).getName();
    prefix = prefix.substring(0, prefix.length() - 1);
    String[] names = dir == null ? null : dir.list();
    List<DeviceMapping> devices = new ArrayList<>();
    if (names != null) {
      Arrays.sort(names);
      for (String name : names) {
        if (name.startsWith(prefix)) {
          String path = new File(dir, name).getPath();
          devices.add(new DeviceMapping(path, path, permissions));
        }
      }
    }
    return devices;
  }

  private static boolean isPermissions(String text) {
    if (text.isEmpty()) {
      return false;
    }
    String left = ALL_PERMISSIONS;
    for (char c : text.toCharArray()) {
      int i = left.indexOf(c);
      if (i < 0) {
        return false; // not r/w/m, or one of them twice
      }
      left = left.substring(0, i) + left.substring(i + 1);
    }
    return true;
  }
}
