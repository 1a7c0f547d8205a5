package dev.edge.runtime.daemon;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLockTest {
  @TempDir Path root;

  @Test
  void aSecondLockOnTheSameRootIsRefusedNamingTheHolder() throws Exception {
    try (RootLock first = RootLock.acquire(root)) {
      DaemonStartException e = assertThrows(DaemonStartException.class,
          () -> RootLock.acquire(root));
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains(root.toString()), e.getMessage());
    }
  }

  @Test
  void theLockCanBeTakenAgainAfterRelease() throws Exception {
    RootLock.acquire(root).close();
    RootLock.acquire(root).close();
  }

  @Test
  void anUnusableRootIsReportedWithItsPath() {
    DaemonStartException e = assertThrows(DaemonStartException.class,
        () -> RootLock.acquire(Path.of("/proc/edge-no-such-root")));
    assertTrue(e.getMessage().contains("/proc/edge-no-such-root"), e.getMessage());
  }
}
