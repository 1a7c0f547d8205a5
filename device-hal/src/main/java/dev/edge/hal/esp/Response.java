package dev.edge.hal.esp;

import java.util.Arrays;

/** A chip-to-host packet: opcode, the 32-bit "value" (READ_REG result), payload and the status bytes. */
public record Response(int opcode, long value, byte[] payload, int status, int error) {

  public boolean ok() {
    return status == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Response r && r.opcode == opcode && r.value == value && r.status == status
        && r.error == error && Arrays.equals(r.payload, payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + opcode;
  }

  @Override
  public String toString() {
    return String.format("Response[%s value=0x%08x payload=%d bytes status=%d error=0x%02x]",
        Opcode.name(opcode), value, payload.length, status, error);
  }
}
