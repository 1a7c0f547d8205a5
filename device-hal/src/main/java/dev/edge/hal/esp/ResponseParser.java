package dev.edge.hal.esp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Parses decoded response packets (§1.3): direction 0x01, opcode, size, value, data ending in status bytes. */
public final class ResponseParser {
  private static final int DIRECTION_RESPONSE = 0x01;

  private final int statusBytes;

  /** @param statusBytes 2 for the ESP8266 ROM and all stubs, 4 for ESP32-family ROMs */
  public ResponseParser(int statusBytes) {
    if (statusBytes != 2 && statusBytes != 4) {
      throw new IllegalArgumentException("status bytes must be 2 or 4: " + statusBytes);
    }
    this.statusBytes = statusBytes;
  }

  public Response parse(byte[] packet) throws MalformedResponseException {
    if (packet.length < CommandPacket.HEADER_SIZE + statusBytes) {
      throw new MalformedResponseException("response of " + packet.length + " bytes is shorter than header"
          + " and status (" + (CommandPacket.HEADER_SIZE + statusBytes) + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
    int direction = b.get() & 0xFF;
    if (direction != DIRECTION_RESPONSE) {
      throw new MalformedResponseException(String.format("invalid head of packet (0x%02x)", direction));
    }
    int opcode = b.get() & 0xFF;
    int size = b.getShort() & 0xFFFF;
    long value = b.getInt() & 0xFFFFFFFFL;
    int dataLen = packet.length - CommandPacket.HEADER_SIZE;
    if (size != dataLen) {
      throw new MalformedResponseException("response says " + size + " data bytes but carries " + dataLen);
    }
    int statusAt = packet.length - statusBytes;
    int status = packet[statusAt] & 0xFF;
    int error = packet[statusAt + 1] & 0xFF;
    byte[] payload = Arrays.copyOfRange(packet, CommandPacket.HEADER_SIZE, statusAt);
    return new Response(opcode, value, payload, status, error);
  }
}
