package dev.edge.hal.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
  private final ResponseParser parser = new ResponseParser(Esp8266.STATUS_BYTES);

  @Test
  void parsesARealEsp8266RomReadRegReply() throws Exception {
    // esptool issue #397 trace: READ_REG of UART_CLKDIV, value 0x1C4, status 00 00
    Response r = parser.parse(HexFormat.of().parseHex("010a0200c40100000000"));
    assertEquals(Opcode.READ_REG, r.opcode());
    assertEquals(0x1C4, r.value());
    assertTrue(r.ok());
    assertEquals(0, r.payload().length);
  }

  @Test
  void lastTwoBytesAreStatusAndError() throws Exception {
    Response r = parser.parse(HexFormat.of().parseHex("0103020000000000" + "0107"));
    assertEquals(1, r.status());
    assertEquals(RomError.INVALID_CRC, r.error());
  }

  @Test
  void rejectsWrongDirectionShortPacketsAndSizeMismatch() {
    assertThrows(MalformedResponseException.class, () -> parser.parse(HexFormat.of().parseHex("000a0200c40100000000")));
    assertThrows(MalformedResponseException.class, () -> parser.parse(HexFormat.of().parseHex("010a0200c401")));
    assertThrows(MalformedResponseException.class, () -> parser.parse(HexFormat.of().parseHex("010a0300c40100000000")));
  }

  @Test
  void checksumIsSeededWith0xEf() {
    assertEquals(0xEF, CommandPacket.checksum(new byte[0], 0, 0));
    assertEquals(0xEF ^ 0x01 ^ 0xFF, CommandPacket.checksum(new byte[] {1, (byte) 0xFF}, 0, 2));
  }

  @Test
  void commandLayoutIsDirectionOpcodeSizeChecksumData() {
    byte[] p = CommandPacket.build(Opcode.FLASH_DATA, new byte[] {7, 8}, 0xAB);
    assertEquals("0003020" + "0ab00000007" + "08", HexFormat.of().formatHex(p));
  }
}
