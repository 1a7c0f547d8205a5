package dev.edge.runtime.spec;

import java.util.List;
import java.util.Locale;

/**
 * {@code HostConfig.SecurityOpt} as Docker parses it. edge sets no-new-privileges unless told
 * {@code no-new-privileges=false} (the containers issue asks for it by default).
 */
public record SecurityOptions(
    boolean noNewPrivileges,
    boolean seccompUnconfined,
    String apparmorProfile,
    boolean writableCgroups) {

  public static SecurityOptions parse(List<String> options) {
    boolean noNewPrivileges = true;
    boolean unconfined = false;
    String apparmor = null;
    boolean writableCgroups = false;
    for (String opt : options) {
      if (opt.equals("no-new-privileges")) {
        noNewPrivileges = true;
        continue;
      }
      if (opt.equals("disable")) {
        continue; // SELinux labelling off: there is no SELinux labelling to turn off
      }
      int sep = opt.indexOf('=');
      if (sep < 0) {
        sep = opt.indexOf(':'); // Docker still reads the deprecated key:value form
      }
      if (sep < 0) {
        throw new ContainerSpecException("invalid --security-opt 1: \"" + opt + "\"");
      }
      String key = opt.substring(0, sep);
      String value = opt.substring(sep + 1);
      switch (key) {
        case "label" -> {
          // SELinux labels: this runtime does not label, as Docker without SELinux does not.
        }
        case "apparmor" -> apparmor = value;
        case "seccomp" -> {
          if (value.equals("unconfined")) {
            unconfined = true;
          } else if (value.equals("builtin") || value.isEmpty()) {
            unconfined = false;
          } else {
            throw new ContainerSpecException("seccomp profile in --security-opt is not"
                + " supported by edge: only seccomp=unconfined and seccomp=builtin are");
          }
        }
        case "no-new-privileges" -> noNewPrivileges = bool(value, opt);
        case "writable-cgroups" -> writableCgroups = bool(value, opt);
        default -> throw new ContainerSpecException("invalid --security-opt 2: \"" + opt + "\"");
      }
    }
    return new SecurityOptions(noNewPrivileges, unconfined, apparmor, writableCgroups);
  }

  private static boolean bool(String value, String opt) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true" -> {
        return true;
      }
      case "0", "f", "false" -> {
        return false;
      }
      default -> throw new ContainerSpecException("invalid --security-opt 2: \"" + opt + "\"");
    }
  }
}
