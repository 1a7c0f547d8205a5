package dev.edge.runtime.build.importer;

import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileException;
import dev.edge.runtime.build.dockerfile.DockerfileParser;
import dev.edge.runtime.build.dockerfile.EnvInstruction;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.InstructionException;
import dev.edge.runtime.build.dockerfile.KeyValue;
import dev.edge.runtime.build.dockerfile.Variables;
import dev.edge.runtime.distribution.RootfsImporter.ImportRefusedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --change} lines of {@code docker import} (and {@code docker commit}): Dockerfile
 * instructions that only change the config, parsed by the builder's parser and applied by its
 * {@link StageConfig}, with variables expanded from the environment set so far, as Docker does.
 */
final class ImportChanges {
  /** Docker's validCommitCommands, less ONBUILD (our configs do not carry OnBuild). */
  static final Set<String> ALLOWED = Set.of("CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK",
      "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");
  /** The file name the parser puts in its messages. */
  private static final String SOURCE = "change";

  private ImportChanges() {}

  /** Applies {@code changes} in order to {@code config}. */
  static void apply(StageConfig config, List<String> changes) throws ImportRefusedException {
    for (String change : changes) {
      if (change.isBlank()) {
        continue;
      }
      Dockerfile parsed;
      try {
        // A FROM first, because the parser wants a stage; line 2 is the change itself.
        parsed = DockerfileParser.parse(SOURCE, "FROM scratch\n" + change);
      } catch (DockerfileException e) {
        throw new ImportRefusedException("invalid change \"" + change + "\": " + e.reason());
      }
      List<Instruction> instructions = parsed.stages().get(0).instructions();
      if (instructions.size() != 1 || parsed.stages().size() != 1) {
        throw new ImportRefusedException("invalid change \"" + change + "\": give one"
            + " instruction per change");
      }
      Instruction instruction = instructions.get(0);
      if (!ALLOWED.contains(instruction.keyword())) {
        throw new ImportRefusedException(instruction.keyword() + " is not a valid change"
            + " command (allowed: " + String.join(", ", ALLOWED.stream().sorted().toList())
            + ")");
      }
      Instruction expanded;
      try {
        expanded = instruction.expand(parsed.shellWords(), Variables.of(environment(config)));
      } catch (InstructionException e) {
        throw new ImportRefusedException("invalid change \"" + change + "\": "
            + e.getMessage());
      }
      if (expanded instanceof EnvInstruction env) {
        config.setEnv(withEnv(config.env(), env.pairs()));
      } else {
        config.apply(expanded);
      }
    }
  }

  private static Map<String, String> environment(StageConfig config) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String entry : config.env()) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        vars.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return vars;
  }

  /** The environment with each pair set: an existing key keeps its place, a new one is appended. */
  static List<String> withEnv(List<String> env, List<KeyValue> pairs) {
    List<String> out = new ArrayList<>(env);
    for (KeyValue pair : pairs) {
      String entry = pair.key() + "=" + pair.value();
      boolean replaced = false;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).startsWith(pair.key() + "=")) {
          out.set(i, entry);
          replaced = true;
        }
      }
      if (!replaced) {
        out.add(entry);
      }
    }
    return out;
  }
}
