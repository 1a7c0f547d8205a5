package dev.edge.runtime.system;

/**
 * Counts of what the daemon holds, for {@code /info} and status reports. The image store and the
 * container manager provide it; a daemon without them holds nothing.
 */
public interface Inventory {
  Inventory NONE = new Inventory() {
    @Override
    public int images() {
      return 0;
    }

    @Override
    public ContainerCounts containers() {
      return new ContainerCounts(0, 0, 0, 0);
    }
  };

  int images();

  ContainerCounts containers();

  /** Containers by state. */
  record ContainerCounts(int total, int running, int paused, int stopped) {}
}
