package dev.edge.runtime.build.plan;

/** What a stage starts from: nothing, an earlier stage's result, or an image to resolve. */
public sealed interface StageBase {
  /** {@code FROM scratch}: an empty file system and config. */
  record Scratch() implements StageBase {}

  /** {@code FROM name} where name is an earlier stage. */
  record Stage(int index) implements StageBase {}

  /** {@code FROM reference}: pulled or found locally; {@code platform} may be null. */
  record Image(String reference, String platform) implements StageBase {}
}
