package dev.edge.hal.elf;

/** An ELF file that cannot be read: names the file and what is wrong with it. */
public final class ElfFormatException extends Exception {

  private final String source;

  public ElfFormatException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /** The file (or other input) the problem was found in. */
  public String source() {
    return source;
  }
}
