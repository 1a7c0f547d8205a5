package dev.edge.runtime.network;

/**
 * A CNI plugin reported an error (the spec's {@code {code, msg, details}}) or could not be run.
 * The message names the command, the plugin, the network and the container, then the cause.
 */
public class CniPluginException extends NetworkException {
  private final String plugin;
  private final String command;
  private final int code;

  public CniPluginException(
      String command, String plugin, String network, String containerId, int code, String reason,
      Throwable cause) {
    super("CNI " + command + " " + plugin + " (network " + network + ", container "
        + containerId + "): " + reason, cause);
    this.plugin = plugin;
    this.command = command;
    this.code = code;
  }

  /** The plugin's type, e.g. {@code bridge}. */
  public String plugin() {
    return plugin;
  }

  /** ADD or DEL. */
  public String command() {
    return command;
  }

  /** The CNI error code, or 0 when the plugin gave none (it crashed, hung, or was missing). */
  public int code() {
    return code;
  }
}
