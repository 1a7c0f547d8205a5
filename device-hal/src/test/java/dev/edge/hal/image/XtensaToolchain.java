package dev.edge.hal.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's xtensa-lx106-elf gcc, readelf and objcopy for tests; an independent view of the ELF files. */
final class XtensaToolchain {

  static final String GCC = "xtensa-lx106-elf-gcc";
  static final String READELF = "xtensa-lx106-elf-readelf";
  static final String OBJCOPY = "xtensa-lx106-elf-objcopy";
  static final Path PICOLIBC_SPECS = Path.of("/usr/lib/xtensa-lx106-elf/picolibc.specs");
  private static final long TOOL_TIMEOUT_SECONDS = 30;

  /** A section as readelf prints it. */
  record Section(String name, String type, long address, long offset, long size) {
  }

  /** A program header as readelf prints it. */
  record Load(long offset, long physicalAddress, long fileSize) {
  }

  private XtensaToolchain() {
  }

  static boolean available() {
    for (String tool : List.of(GCC, READELF, OBJCOPY)) {
      boolean found = false;
      for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
        found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool));
      }
      if (!found) {
        return false;
      }
    }
    return Files.isRegularFile(PICOLIBC_SPECS);
  }

  /** Compiles and links {@code source} with {@code linkerScript}, picolibc's libc and no start files. */
  static Path build(Path dir, String name, String source, String linkerScript) throws IOException, InterruptedException {
    Path c = Files.writeString(dir.resolve(name + ".c"), source);
    Path ld = Files.writeString(dir.resolve(name + ".ld"), linkerScript);
    Path elf = dir.resolve(name + ".elf");
    // -T directly (not -Wl,-T): picolibc.specs adds its own generic script unless gcc itself sees -T
    run(dir, GCC, "-Os", "-mlongcalls", "-ffreestanding", "--specs=" + PICOLIBC_SPECS, "-nostartfiles",
        "-T", ld.toString(), "-o", elf.toString(), c.toString());
    return elf;
  }

  static long entry(Path elf) throws IOException, InterruptedException {
    Matcher m = Pattern.compile("Entry point address:\\s+0x([0-9a-f]+)").matcher(run(elf.getParent(), READELF, "-h", elf.toString()));
    if (!m.find()) {
      throw new IllegalStateException("readelf -h printed no entry point for " + elf);
    }
    return Long.parseLong(m.group(1), 16);
  }

  static List<Section> sections(Path elf) throws IOException, InterruptedException {
    Pattern row = Pattern.compile("^\\s*\\[\\s*\\d+]\\s+(\\S*)\\s+([A-Z_]+)\\s+([0-9a-f]{8})\\s+([0-9a-f]{6,})\\s+([0-9a-f]{6,})\\s");
    List<Section> out = new ArrayList<>();
    for (String line : run(elf.getParent(), READELF, "-S", "-W", elf.toString()).split("\n")) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        out.add(new Section(m.group(1), m.group(2), Long.parseLong(m.group(3), 16),
            Long.parseLong(m.group(4), 16), Long.parseLong(m.group(5), 16)));
      } else if (line.trim().startsWith("[ 0]")) {
        out.add(new Section("", "NULL", 0, 0, 0));
      }
    }
    return out;
  }

  static List<Load> loads(Path elf) throws IOException, InterruptedException {
    Pattern row = Pattern.compile("^\\s*LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)");
    List<Load> out = new ArrayList<>();
    for (String line : run(elf.getParent(), READELF, "-l", "-W", elf.toString()).split("\n")) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        out.add(new Load(Long.parseLong(m.group(1), 16), Long.parseLong(m.group(3), 16),
            Long.parseLong(m.group(4), 16)));
      }
    }
    return out;
  }

  /** The bytes of one section, as objcopy extracts them. */
  static byte[] sectionBytes(Path elf, String section) throws IOException, InterruptedException {
    Path out = elf.resolveSibling(elf.getFileName() + section.replace('.', '_') + ".raw");
    run(elf.getParent(), OBJCOPY, "-O", "binary", "--only-section=" + section, elf.toString(), out.toString());
    return Files.readAllBytes(out);
  }

  static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException(String.join(" ", command) + ": no exit within " + TOOL_TIMEOUT_SECONDS + " s");
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
      }
      return text;
    } finally {
      p.destroyForcibly();
    }
  }
}
