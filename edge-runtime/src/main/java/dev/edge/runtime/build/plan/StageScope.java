package dev.edge.runtime.build.plan;

import dev.edge.runtime.build.dockerfile.ArgInstruction;
import dev.edge.runtime.build.dockerfile.EnvInstruction;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.InstructionException;
import dev.edge.runtime.build.dockerfile.KeyValue;
import dev.edge.runtime.build.dockerfile.ShellWords;
import dev.edge.runtime.build.dockerfile.Variables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The variables one stage's instructions expand with, kept as Docker does while the stage is
 * walked: the image's environment (from the base config, then ENV) wins over ARGs declared in the
 * stage; an ARG takes the --build-arg value, else a global ARG's value when it re-declares one
 * without a default, else its own default.
 */
public final class StageScope {
  private final ShellWords shell;
  private final BuildArgs buildArgs;
  private final Map<String, String> globals;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, String> args = new LinkedHashMap<>();

  /** {@code baseEnv} is the base image's {@code Env} ({@code K=V} strings). */
  public StageScope(ShellWords shell, BuildArgs buildArgs, Map<String, String> globals,
      List<String> baseEnv) {
    this.shell = shell;
    this.buildArgs = buildArgs;
    this.globals = globals;
    for (String kv : baseEnv) {
      int eq = kv.indexOf('=');
      env.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
    }
  }

  public Variables variables() {
    return name -> env.containsKey(name) ? env.get(name) : args.get(name);
  }

  /**
   * Expands {@code instruction} in this scope and records what ARG and ENV change, so the next
   * instruction sees them; returns the expanded instruction.
   */
  public Instruction step(Instruction instruction) throws InstructionException {
    Instruction expanded = instruction.expand(shell, variables());
    if (expanded instanceof ArgInstruction arg) {
      for (ArgInstruction.Declaration d : arg.declarations()) {
        String given = buildArgs.declare(d.name());
        String value = given != null ? given
            : d.defaultValue() == null ? globals.get(d.name()) : d.defaultValue();
        args.put(d.name(), value);
      }
    } else if (expanded instanceof EnvInstruction envs) {
      for (KeyValue pair : envs.pairs()) {
        env.remove(pair.key());
        env.put(pair.key(), pair.value());
      }
    }
    return expanded;
  }

  /** The image environment as {@code K=V} strings, in the order Docker keeps them. */
  public List<String> environment() {
    List<String> out = new ArrayList<>(env.size());
    env.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /**
   * The declared ARGs with a value, sorted: they are in RUN's environment and in its cache key
   * (Docker's classic builder prefixes the command with them), unless ENV overrides the name.
   */
  public Map<String, String> argsInUse() {
    Map<String, String> out = new TreeMap<>();
    args.forEach((k, v) -> {
      if (v != null && !env.containsKey(k)) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** What a RUN's process sees besides the image environment: ARGs in use and proxy args. */
  public Map<String, String> runArgs() {
    Map<String, String> out = new TreeMap<>(buildArgs.predefined());
    out.keySet().removeAll(env.keySet());
    out.putAll(argsInUse());
    return out;
  }
}
