package dev.edge.runtime.build.dockerfile;

/**
 * One parsed Dockerfile instruction. Values are as written; {@link #expand} gives the values the
 * builder uses, with variables substituted and quotes removed for the instructions Docker expands
 * (ADD, ARG, COPY, ENV, EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR). RUN, CMD,
 * ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER and ONBUILD are left as written: their shell does it.
 */
public sealed interface Instruction permits FromInstruction, RunInstruction, CopyInstruction,
    AddInstruction, EnvInstruction, ArgInstruction, LabelInstruction, WorkdirInstruction,
    UserInstruction, CmdInstruction, EntrypointInstruction, ExposeInstruction, VolumeInstruction,
    ShellInstruction, StopSignalInstruction, HealthcheckInstruction, MaintainerInstruction,
    OnbuildInstruction {

  /** The 1-based line the instruction starts on. */
  int line();

  /** The instruction's name in upper case, e.g. {@code COPY}. */
  String keyword();

  /** This instruction with {@code vars} substituted; the same instance when nothing expands. */
  default Instruction expand(ShellWords shell, Variables vars) throws InstructionException {
    return this;
  }

  /** True when the step writes files (a layer); false when it changes only the config. */
  default boolean changesFiles() {
    return false;
  }
}
