package dev.edge.runtime.api;

/**
 * A set of routes contributed to the daemon's API. Modules that know other parts of the product
 * (boards, jobs) plug in here, so the runtime never has to know them.
 */
public interface ApiModule {
  void register(Router router);
}
