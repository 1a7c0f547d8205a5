package dev.edge.runtime.snapshot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.runtime.image.Digest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundSyncTest {
  @TempDir Path root;

  private static boolean eventually(Callable<Boolean> condition) throws Exception {
    for (int i = 0; i < 500; i++) {
      if (condition.call()) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }

  private static void commitDeferred(Snapshotter snapshots, String name) throws Exception {
    snapshots.commitDeferred(snapshots.prepare("extract-" + name, null),
        Digest.sha256(name.getBytes()), SnapshotterContract.source(name));
  }

  @Test
  void syncsOnceNoLayerIsBeingWrittenForTheQuietSpell() throws Exception {
    Snapshotter snapshots = new OverlaySnapshotter(root);
    BackgroundSync sync = new BackgroundSync(snapshots, 50, 60_000);
    BackgroundSync.Writing second = sync.writing();
    try (BackgroundSync.Writing first = sync.writing()) {
      commitDeferred(snapshots, "a");
    }
    sync.committed();
    Thread.sleep(300);
    assertTrue(snapshots.hasDeferred(), "another layer is still being written");
    second.close();
    second.close(); // twice is harmless
    assertTrue(eventually(() -> !snapshots.hasDeferred()));
    assertTrue(eventually(() -> !sync.busy()), "the thread ends when nothing is pending");
  }

  @Test
  void backToBackWritingCannotPostponeTheSyncPastTheMaximum() throws Exception {
    Snapshotter snapshots = new OverlaySnapshotter(root);
    BackgroundSync sync = new BackgroundSync(snapshots, 60_000, 100);
    try (BackgroundSync.Writing busy = sync.writing()) {
      commitDeferred(snapshots, "b");
      sync.committed();
      assertTrue(eventually(() -> !snapshots.hasDeferred()));
    }
  }

  @Test
  void closeSyncsWhatIsLeftAndACommitAfterASyncIsSyncedAgain() throws Exception {
    Snapshotter snapshots = new OverlaySnapshotter(root);
    BackgroundSync sync = new BackgroundSync(snapshots, 20, 60_000);
    commitDeferred(snapshots, "c");
    sync.committed();
    assertTrue(eventually(() -> !snapshots.hasDeferred()));
    commitDeferred(snapshots, "d");
    sync.committed();
    assertTrue(eventually(() -> !snapshots.hasDeferred()), "a second round is synced too");

    BackgroundSync slow = new BackgroundSync(snapshots, 60_000, 60_000);
    commitDeferred(snapshots, "e");
    slow.committed();
    assertTrue(snapshots.hasDeferred());
    slow.close();
    assertFalse(snapshots.hasDeferred());
    assertFalse(slow.busy());
  }
}
