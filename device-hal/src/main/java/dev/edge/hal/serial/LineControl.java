package dev.edge.hal.serial;

/** Outcome of a modem-line change: ptys and header UARTs have no DTR/RTS, which is a fact, not an error. */
public enum LineControl {
    APPLIED,
    NO_MODEM_LINES
}
