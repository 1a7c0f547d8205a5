package dev.edge.hal.esp;

import java.io.IOException;

/** Base of every error the ROM loader protocol reports; the message names the command and the cause. */
public class EspProtocolException extends IOException {
  public EspProtocolException(String message) {
    super(message);
  }

  public EspProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
