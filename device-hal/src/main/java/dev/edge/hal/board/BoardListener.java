package dev.edge.hal.board;

/** Told when a serial port appears or goes away. Called on the watcher's thread; keep it short. */
public interface BoardListener {
  void attached(BoardPort port);

  void detached(BoardPort port);
}
