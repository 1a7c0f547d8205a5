package dev.edge.agent.firmware;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A linked ESP8266 ELF with a .text section in IRAM and an .irom0.text section, built in memory for tests. */
final class MiniElf {
  static final long ENTRY = 0x40100004L;
  static final byte[] TEXT = {1, 2, 3, 4, 5, 6};
  static final byte[] IROM = {9, 8, 7, 6};

  private MiniElf() {}

  static byte[] build() {
    byte[] names = "\0.text\0.irom0.text\0.shstrtab\0".getBytes(StandardCharsets.ISO_8859_1);
    int textOff = 0x54;
    int iromOff = textOff + TEXT.length;
    int namesOff = iromOff + IROM.length;
    int shoff = (namesOff + names.length + 3) & ~3;
    ByteBuffer b = ByteBuffer.allocate(shoff + 4 * 0x28).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    b.putShort((short) 2).putShort((short) 0x5E).putInt(1).putInt((int) ENTRY).putInt(0x34).putInt(shoff)
        .putInt(0).putShort((short) 0x34).putShort((short) 0x20).putShort((short) 1).putShort((short) 0x28)
        .putShort((short) 4).putShort((short) 3);
    b.putInt(1).putInt(textOff).putInt(0x40100000).putInt(0x40100000).putInt(TEXT.length)
        .putInt(TEXT.length).putInt(5).putInt(4);
    b.put(TEXT).put(IROM).put(names);
    b.position(shoff);
    b.put(new byte[0x28]);
    section(b, 1, 1, 0x40100000, textOff, TEXT.length);
    section(b, 7, 1, 0x40210000, iromOff, IROM.length);
    section(b, 19, 3, 0, namesOff, names.length);
    return b.array();
  }

  private static void section(ByteBuffer b, int name, int type, int addr, int off, int size) {
    b.putInt(name).putInt(type).putInt(2).putInt(addr).putInt(off).putInt(size).putInt(0).putInt(0)
        .putInt(4).putInt(0);
  }
}
