package dev.edge.cli.container;

import dev.edge.runtime.container.HostConfig.RestartPolicy;
import java.util.regex.Pattern;

/** {@code --restart no|on-failure[:MAX-RETRIES]|always|unless-stopped}. */
public final class RestartPolicies {
  static final String FLAG = "--restart";
  private static final Pattern COUNT = Pattern.compile("\\d{1,9}");

  private RestartPolicies() {}

  public static RestartPolicy parse(String value) {
    String name = value;
    String count = null;
    int colon = value.indexOf(':');
    if (colon >= 0) {
      name = value.substring(0, colon);
      count = value.substring(colon + 1);
    }
    switch (name) {
      case "no", "always", "unless-stopped", "on-failure" -> { }
      case "" -> throw new BadFlagException(FLAG, value, "no policy given before the colon");
      default -> throw new BadFlagException(FLAG, value, "unknown restart policy \"" + name
          + "\": use no, always, on-failure[:max-retries] or unless-stopped");
    }
    if (count == null || count.isEmpty()) {
      return new RestartPolicy(name, 0);
    }
    if (!name.equals("on-failure")) {
      throw new BadFlagException(FLAG, value,
          "a maximum retry count can only be used with on-failure");
    }
    if (!COUNT.matcher(count).matches()) {
      throw new BadFlagException(FLAG, value,
          "the maximum retry count must be a non-negative integer");
    }
    return new RestartPolicy(name, Integer.parseInt(count));
  }
}
