package dev.edge.hal.board;

/** How a serial port is attached: through USB, a SoC UART such as the Pi's header pins, or a pseudo-terminal. */
public enum PortKind {
  USB,
  ONBOARD_UART,
  PTY,
  /** A tty with no device behind it (console, virtual terminal); listed only when asked for by name. */
  OTHER
}
