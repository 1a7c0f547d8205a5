package dev.edge.hal.reset;

import dev.edge.hal.serial.LineControl;
import dev.edge.hal.serial.SerialPort;
import java.io.IOException;

/** One way of putting the chip into its serial bootloader (GPIO0 low while EN rises). */
public interface BootloaderReset {

    /** Short name for messages, e.g. "UnixTightReset(0.05 s)". */
    String name();

    /** Runs the sequence; {@link LineControl#NO_MODEM_LINES} when the port has no lines to drive. */
    LineControl enterBootloader(SerialPort port) throws IOException;
}
