package dev.edge.runtime.store;

import dev.edge.runtime.image.Digest;
import java.util.List;

/** What a garbage collection removed, for {@code image prune}'s SpaceReclaimed. */
public record GcResult(List<Digest> removedBlobs, List<Digest> removedSnapshots,
    long reclaimedBytes) {}
