package dev.edge.runtime.spec;

import dev.edge.runtime.container.HostConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process spec for {@code runc exec --process FILE}, as Docker derives it from the
 * container's own process: same capabilities, no-new-privileges, limits and AppArmor profile;
 * the exec's command, TTY, environment, directory and user.
 */
public final class ExecProcesses {
  private ExecProcesses() {}

  /**
   * @param container the container's process from its {@code config.json}
   * @param config the container's merged config
   * @param rootfs the container's mounted root, where {@code req.user()} is looked up
   * @throws ContainerSpecException for an empty command, a bad env entry, a relative working
   *     directory or an unknown user
   */
  public static OciSpec.Process build(OciSpec.Process container, EffectiveConfig config,
      HostConfig hc, Path rootfs, ExecRequest req, int lastCap) {
    if (req.cmd().isEmpty()) {
      throw new ContainerSpecException("No exec command specified");
    }
    for (String e : req.env()) {
      if (EnvList.key(e).isEmpty()) {
        throw new ContainerSpecException("invalid environment variable: " + e);
      }
    }
    String cwd = !req.workingDir().isEmpty() ? req.workingDir() : config.cwd();
    if (!cwd.startsWith("/")) {
      throw new ContainerSpecException("the working directory '" + cwd
          + "' is invalid, it needs to be an absolute path");
    }
    OciSpec.User user = container.user();
    String home = null;
    if (!req.user().isEmpty()) {
      ResolvedUser resolved = UserResolver.resolve(rootfs, req.user(), hc.groupAdd());
      user = resolved.toOci();
      home = resolved.home();
    }
    List<String> env = EnvList.replaceOrAppend(config.processEnv(req.tty()), req.env());
    if (!EnvList.has(env, "HOME")) {
      env = new ArrayList<>(env);
      env.add("HOME=" + (home != null ? home
          : EnvList.get(container.env(), "HOME").orElse(UserResolver.DEFAULT_HOME)));
    }
    OciSpec.Capabilities caps = container.capabilities();
    if (req.privileged()) {
      List<String> all = Capabilities.all(lastCap);
      caps = new OciSpec.Capabilities(all, all, null, all, null);
    }
    return new OciSpec.Process(req.tty(), user, req.cmd(), env, cwd, caps, container.rlimits(),
        container.noNewPrivileges(), container.apparmorProfile(), container.oomScoreAdj());
  }
}
