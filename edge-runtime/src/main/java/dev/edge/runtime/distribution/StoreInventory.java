package dev.edge.runtime.distribution;

import dev.edge.runtime.system.Inventory;

/** What the image store holds, for {@code /info}; containers report their own counts. */
public final class StoreInventory implements Inventory {
  private final ImageStore store;

  public StoreInventory(ImageStore store) {
    this.store = store;
  }

  @Override
  public int images() {
    return store.index().size();
  }

  @Override
  public ContainerCounts containers() {
    return new ContainerCounts(0, 0, 0, 0);
  }
}
