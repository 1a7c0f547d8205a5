package dev.edge.runtime.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** What {@code /info} reports about the running daemon. */
public interface SystemState {
  HostFacts host();

  Inventory inventory();

  /** The snapshotter in use: overlayfs, or native where overlay whiteouts cannot be made. */
  String storageDriver();

  String engineId();

  Path root();

  Set<String> cgroupControllers();

  int eventListeners();

  String defaultRuntime();

  List<String> insecureRegistries();

  List<String> warnings();
}
