package dev.edge.runtime.build.plan;

import dev.edge.runtime.build.dockerfile.FromInstruction;
import dev.edge.runtime.build.dockerfile.Stage;
import java.util.List;

/**
 * A stage the build needs: its FROM expanded with the global ARGs, its base, and the earlier
 * stages it reads (its base and its {@code COPY --from}), which are built before it.
 */
public record PlannedStage(Stage stage, FromInstruction from, StageBase base,
    List<Integer> dependsOn, List<String> copyFromImages) {
  public PlannedStage {
    dependsOn = List.copyOf(dependsOn);
    copyFromImages = List.copyOf(copyFromImages);
  }
}
