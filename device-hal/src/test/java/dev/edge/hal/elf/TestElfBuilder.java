package dev.edge.hal.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds small ELF32 little-endian executables in memory, so tests need no committed binaries. */
public final class TestElfBuilder {

  private record Section(String name, long type, long flags, long address, byte[] data, long nobitsSize) {
  }

  private record Segment(long address, byte[] data) {
  }

  private final List<Section> sections = new ArrayList<>();
  private final List<Segment> segments = new ArrayList<>();
  private int machine = ElfFile.EM_XTENSA;
  private long entry = 0x40100004L;

  public TestElfBuilder machine(int value) {
    this.machine = value;
    return this;
  }

  public TestElfBuilder entry(long value) {
    this.entry = value;
    return this;
  }

  public TestElfBuilder progbits(String name, long address, byte[] data) {
    sections.add(new Section(name, ElfSection.SHT_PROGBITS, 0x2, address, data, 0));
    return this;
  }

  public TestElfBuilder section(String name, long type, long address, byte[] data) {
    sections.add(new Section(name, type, 0x2, address, data, 0));
    return this;
  }

  public TestElfBuilder nobits(String name, long address, long size) {
    sections.add(new Section(name, ElfSection.SHT_NOBITS, 0x3, address, new byte[0], size));
    return this;
  }

  /** Adds a PT_LOAD program header whose file bytes are {@code data}. */
  public TestElfBuilder loadSegment(long address, byte[] data) {
    segments.add(new Segment(address, data));
    return this;
  }

  public byte[] build() {
    ByteArrayOutputStream strtab = new ByteArrayOutputStream();
    strtab.write(0);
    List<Integer> nameOffsets = new ArrayList<>();
    for (Section s : sections) {
      nameOffsets.add(strtab.size());
      strtab.writeBytes((s.name + "\0").getBytes(StandardCharsets.ISO_8859_1));
    }
    int shstrtabName = strtab.size();
    strtab.writeBytes(".shstrtab\0".getBytes(StandardCharsets.ISO_8859_1));

    int phnum = Math.max(1, segments.size());
    int pos = 0x34 + phnum * 0x20;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<Integer> sectionOffsets = new ArrayList<>();
    for (Section s : sections) {
      sectionOffsets.add(pos + body.size());
      body.writeBytes(s.data);
    }
    List<Integer> segmentOffsets = new ArrayList<>();
    for (Segment g : segments) {
      segmentOffsets.add(pos + body.size());
      body.writeBytes(g.data);
    }
    int strtabOffset = pos + body.size();
    body.writeBytes(strtab.toByteArray());
    while ((pos + body.size()) % 4 != 0) {
      body.write(0);
    }
    int shoff = pos + body.size();
    int shnum = sections.size() + 2;

    ByteBuffer out = ByteBuffer.allocate(shoff + shnum * 0x28).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    out.putShort((short) 2).putShort((short) machine).putInt(1).putInt((int) entry)
        .putInt(0x34).putInt(shoff).putInt(0x300).putShort((short) 0x34).putShort((short) 0x20)
        .putShort((short) phnum).putShort((short) 0x28).putShort((short) shnum).putShort((short) (shnum - 1));
    if (segments.isEmpty()) {
      // a PT_NOTE-like entry keeps the table non-empty, as in a linked executable
      out.putInt(4).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt(4).putInt(4);
    }
    for (int i = 0; i < segments.size(); i++) {
      Segment g = segments.get(i);
      out.putInt(1).putInt(segmentOffsets.get(i)).putInt((int) g.address).putInt((int) g.address)
          .putInt(g.data.length).putInt(g.data.length).putInt(5).putInt(4);
    }
    out.put(body.toByteArray());
    out.put(new byte[0x28]);
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      long size = s.type == ElfSection.SHT_NOBITS ? s.nobitsSize : s.data.length;
      out.putInt(nameOffsets.get(i)).putInt((int) s.type).putInt((int) s.flags).putInt((int) s.address)
          .putInt(sectionOffsets.get(i)).putInt((int) size).putInt(0).putInt(0).putInt(4).putInt(0);
    }
    out.putInt(shstrtabName).putInt((int) ElfSection.SHT_STRTAB).putInt(0).putInt(0)
        .putInt(strtabOffset).putInt(strtab.size()).putInt(0).putInt(0).putInt(1).putInt(0);
    return out.array();
  }
}
