package dev.edge.runtime.build.plan;

import dev.edge.runtime.build.dockerfile.ArgInstruction;
import dev.edge.runtime.build.dockerfile.CopyInstruction;
import dev.edge.runtime.build.dockerfile.Dockerfile;
import dev.edge.runtime.build.dockerfile.DockerfileException;
import dev.edge.runtime.build.dockerfile.FromInstruction;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.InstructionException;
import dev.edge.runtime.build.dockerfile.ShellWords;
import dev.edge.runtime.build.dockerfile.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which stages a build runs and in what order: the target (by name or index; the last stage by
 * default) and, before it, every stage it depends on, each once, in file order where the
 * dependencies allow. Stages nothing depends on are skipped, as BuildKit does.
 */
public final class BuildPlan {
  private final Dockerfile dockerfile;
  private final Map<String, String> globals;
  private final List<PlannedStage> order;

  private BuildPlan(Dockerfile dockerfile, Map<String, String> globals,
      List<PlannedStage> order) {
    this.dockerfile = dockerfile;
    this.globals = globals;
    this.order = order;
  }

  /**
   * @param target the stage to build, or null for the last one
   * @param automatic values such as TARGETARCH that are in the global scope without an ARG
   */
  public static BuildPlan create(Dockerfile dockerfile, String target, BuildArgs buildArgs,
      Map<String, String> automatic) throws DockerfileException {
    ShellWords shell = dockerfile.shellWords();
    Map<String, String> globals = globalArgs(dockerfile, shell, buildArgs, automatic);
    List<PlannedStage> planned = new ArrayList<>();
    for (Stage stage : dockerfile.stages()) {
      planned.add(plan(dockerfile, stage, shell, globals));
    }
    int targetIndex = targetIndex(dockerfile, target);
    Set<Integer> needed = new LinkedHashSet<>();
    collect(planned, targetIndex, needed, new LinkedHashSet<>());
    List<PlannedStage> order = new ArrayList<>();
    for (PlannedStage stage : planned) {
      if (needed.contains(stage.stage().index())) {
        order.add(stage);
      }
    }
    return new BuildPlan(dockerfile, Collections.unmodifiableMap(globals), List.copyOf(order));
  }

  private static Map<String, String> globalArgs(Dockerfile dockerfile, ShellWords shell,
      BuildArgs buildArgs, Map<String, String> automatic) throws DockerfileException {
    Map<String, String> globals = new LinkedHashMap<>(automatic);
    for (ArgInstruction arg : dockerfile.globalArgs()) {
      ArgInstruction expanded;
      try {
        expanded = arg.expand(shell, globals::get);
      } catch (InstructionException e) {
        throw e.at(dockerfile.file(), arg.line());
      }
      for (ArgInstruction.Declaration d : expanded.declarations()) {
        String given = buildArgs.declare(d.name());
        globals.put(d.name(), given != null ? given : d.defaultValue());
      }
    }
    return globals;
  }

  private static PlannedStage plan(Dockerfile dockerfile, Stage stage, ShellWords shell,
      Map<String, String> globals) throws DockerfileException {
    FromInstruction from;
    try {
      from = stage.from().expand(shell, globals::get);
    } catch (InstructionException e) {
      throw e.at(dockerfile.file(), stage.from().line());
    }
    List<Integer> deps = new ArrayList<>();
    StageBase base = base(dockerfile, stage, from.image(), from.platform());
    if (base instanceof StageBase.Stage s) {
      deps.add(s.index());
    }
    List<String> images = new ArrayList<>();
    for (Instruction instruction : stage.instructions()) {
      if (instruction instanceof CopyInstruction copy && copy.from() != null) {
        copyFrom(dockerfile, stage, shell, globals, copy, deps, images);
      }
    }
    return new PlannedStage(stage, from, base, deps, images);
  }

  /**
   * {@code COPY --from} names an earlier stage (by name or index) or else an image. Its value is
   * expanded with the global ARGs here, to know the order before any stage runs.
   */
  private static void copyFrom(Dockerfile dockerfile, Stage stage, ShellWords shell,
      Map<String, String> globals, CopyInstruction copy, List<Integer> deps, List<String> images)
      throws DockerfileException {
    String from;
    try {
      from = shell.word(copy.from(), globals::get);
    } catch (InstructionException e) {
      throw e.at(dockerfile.file(), copy.line());
    }
    Optional<Stage> named = earlier(dockerfile, stage, from);
    if (named.isPresent()) {
      deps.add(named.get().index());
    } else if (from.matches("\\d+")) {
      throw new DockerfileException(dockerfile.file(), copy.line(), "COPY --from=" + from
          + ": stage index must be an earlier stage (0.." + (stage.index() - 1) + ")");
    } else {
      images.add(from);
    }
  }

  private static StageBase base(Dockerfile dockerfile, Stage stage, String image,
      String platform) {
    if (image.equalsIgnoreCase(FromInstruction.SCRATCH)) {
      return new StageBase.Scratch();
    }
    Optional<Stage> named = dockerfile.stages().stream()
        .filter(s -> s.index() < stage.index() && image.equalsIgnoreCase(s.name())).findFirst();
    return named.<StageBase>map(s -> new StageBase.Stage(s.index()))
        .orElse(new StageBase.Image(image, platform));
  }

  /** Only an earlier stage can be named: a later one would be an image of that name. */
  private static Optional<Stage> earlier(Dockerfile dockerfile, Stage stage, String name) {
    return dockerfile.stages().stream()
        .filter(s -> s.index() < stage.index() && s.isCalled(name)).findFirst();
  }

  private static int targetIndex(Dockerfile dockerfile, String target)
      throws DockerfileException {
    if (target == null || target.isEmpty()) {
      return dockerfile.stages().size() - 1;
    }
    return dockerfile.stage(target).map(Stage::index).orElseThrow(() ->
        new DockerfileException(dockerfile.file(), 0, "target stage \"" + target
            + "\" could not be found (stages: " + names(dockerfile) + ")"));
  }

  private static String names(Dockerfile dockerfile) {
    List<String> names = new ArrayList<>();
    for (Stage s : dockerfile.stages()) {
      names.add(s.name() == null ? Integer.toString(s.index()) : s.name());
    }
    return String.join(", ", names);
  }

  private static void collect(List<PlannedStage> planned, int index, Set<Integer> needed,
      Set<Integer> visiting) {
    if (needed.contains(index) || !visiting.add(index)) {
      return;
    }
    for (int dep : planned.get(index).dependsOn()) {
      collect(planned, dep, needed, visiting);
    }
    needed.add(index);
  }

  public Dockerfile dockerfile() {
    return dockerfile;
  }

  /** The stages to build, each after the stages it depends on; the target is last. */
  public List<PlannedStage> stages() {
    return order;
  }

  public PlannedStage target() {
    return order.get(order.size() - 1);
  }

  /** The global ARG values (and automatic ones), for re-declaration inside stages. */
  public Map<String, String> globals() {
    return globals;
  }
}
