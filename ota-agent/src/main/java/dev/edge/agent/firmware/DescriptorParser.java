package dev.edge.agent.firmware;

import dev.edge.agent.firmware.FirmwareDescriptor.BuildSpec;
import dev.edge.agent.firmware.FirmwareDescriptor.FlashConfig;
import dev.edge.agent.firmware.FirmwareDescriptor.Format;
import dev.edge.agent.firmware.FirmwareDescriptor.Output;
import dev.edge.agent.firmware.FirmwareDescriptor.Toolchain;
import dev.edge.hal.image.FlashFrequency;
import dev.edge.hal.image.FlashMode;
import dev.edge.hal.image.FlashSize;
import dev.edge.runtime.image.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and checks an {@code edge-firmware.yaml}. Every problem is a {@link DescriptorException} naming the
 * file, the line and the reason: unknown keys, missing keys, wrong types and bad values alike.
 */
public final class DescriptorParser {
  /** The erase unit of ESP8266 flash: outputs start on one. */
  public static final long SECTOR = 0x1000;
  private static final Pattern HEX_ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{1,8}");
  /** Where the pipeline writes; outputs of the build itself may not live there. */
  static final String EDGE_OUTPUT_DIR = "build/edge";

  private final String file;

  private DescriptorParser(String file) {
    this.file = file;
  }

  /** Reads {@code DIR/edge-firmware.yaml}. */
  public static FirmwareDescriptor load(Path projectDir) throws DescriptorException {
    Path path = projectDir.resolve(FirmwareDescriptor.FILE_NAME);
    try {
      return parse(Files.readAllBytes(path), path.toString());
    } catch (NoSuchFileException e) {
      throw new DescriptorException(path.toString(), 0, "no such file: " + projectDir
          + " is not a firmware project (it needs an " + FirmwareDescriptor.FILE_NAME + ")");
    } catch (IOException e) {
      throw new DescriptorException(path.toString(), 0, "cannot read it: " + e.getMessage());
    }
  }

  /** @param file how errors name the descriptor */
  public static FirmwareDescriptor parse(byte[] yaml, String file) throws DescriptorException {
    return new DescriptorParser(file).descriptor(yaml);
  }

  private FirmwareDescriptor descriptor(byte[] yaml) throws DescriptorException {
    YamlNode.Mapping root = mapping(YamlReader.read(yaml, file), "the descriptor");
    keys(root, "", Set.of("chip", "toolchain", "build", "outputs", "flash"));
    YamlNode.Scalar chip = string(required(root, "chip", ""), "chip");
    if (!chip.text().equals("esp8266")) {
      throw error(chip, "chip: '" + chip.text() + "' is not supported; only esp8266 is");
    }
    Toolchain toolchain = toolchain(mapping(required(root, "toolchain", ""), "toolchain"));
    BuildSpec build = build(mapping(required(root, "build", ""), "build"));
    List<Output> outputs = outputs(required(root, "outputs", ""));
    FlashConfig flash = flash(mapping(required(root, "flash", ""), "flash"));
    return new FirmwareDescriptor(file, yaml, chip.text(), toolchain, build, outputs, flash);
  }

  private Toolchain toolchain(YamlNode.Mapping t) throws DescriptorException {
    keys(t, "toolchain.", Set.of("image", "recipe"));
    YamlNode.Entry image = t.entries().get("image");
    YamlNode.Entry recipe = t.entries().get("recipe");
    if ((image == null) == (recipe == null)) {
      throw error(t, "toolchain: give exactly one of image (a reference) and recipe (a Dockerfile directory)");
    }
    if (image != null) {
      YamlNode.Scalar s = string(image.value(), "toolchain.image");
      try {
        Reference.parse(s.text());
      } catch (IllegalArgumentException e) {
        throw error(s, "toolchain.image: " + e.getMessage());
      }
      return new Toolchain(Optional.of(s.text()), Optional.empty(), s.line());
    }
    YamlNode.Scalar s = string(recipe.value(), "toolchain.recipe");
    if (s.text().isBlank() || s.text().startsWith("/")) {
      throw error(s, "toolchain.recipe: '" + s.text() + "' must be a path relative to the descriptor's directory");
    }
    return new Toolchain(Optional.empty(), Optional.of(s.text()), s.line());
  }

  private BuildSpec build(YamlNode.Mapping b) throws DescriptorException {
    keys(b, "build.", Set.of("workdir", "command", "source_date_epoch"));
    String workdir = ".";
    YamlNode.Entry w = b.entries().get("workdir");
    if (w != null) {
      YamlNode.Scalar s = string(w.value(), "build.workdir");
      workdir = insideProject(s, "build.workdir", true);
    }
    YamlNode command = required(b, "command", "build.");
    if (!(command instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
      throw error(command, "build.command: must be a non-empty list of strings (argv), e.g. [\"make\"];"
          + " got " + command.kind());
    }
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      if (!(item instanceof YamlNode.Scalar s) || s.token().isStructStart() || s.text() == null
          || !s.isString()) {
        throw error(item, "build.command[" + i + "]: must be a string, got " + item.kind()
            + " (quote numbers and flags)");
      }
      argv.add(s.text());
    }
    OptionalLong epoch = OptionalLong.empty();
    YamlNode.Entry e = b.entries().get("source_date_epoch");
    if (e != null) {
      if (!(e.value() instanceof YamlNode.Scalar s) || !s.isInteger()) {
        throw error(e.value(), "build.source_date_epoch: must be an integer (seconds since 1970), got "
            + e.value().kind());
      }
      long value;
      try {
        value = Long.parseLong(s.text());
      } catch (NumberFormatException ex) {
        throw error(s, "build.source_date_epoch: " + s.text() + " is out of range");
      }
      if (value < 0) {
        throw error(s, "build.source_date_epoch: must not be negative, got " + value);
      }
      epoch = OptionalLong.of(value);
    }
    return new BuildSpec(workdir, argv, epoch);
  }

  private List<Output> outputs(YamlNode node) throws DescriptorException {
    if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
      throw error(node, "outputs: must be a non-empty list of {path, format, address}; got " + node.kind());
    }
    List<Output> outputs = new ArrayList<>();
    Map<Long, Integer> addresses = new HashMap<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      String where = "outputs[" + i + "]";
      YamlNode.Mapping o = mapping(seq.items().get(i), where);
      keys(o, where + ".", Set.of("path", "format", "address"));
      YamlNode.Scalar pathNode = string(required(o, "path", where + "."), where + ".path");
      String path = insideProject(pathNode, where + ".path", false);
      if (path.equals(EDGE_OUTPUT_DIR) || path.startsWith(EDGE_OUTPUT_DIR + "/")) {
        throw error(pathNode, where + ".path: " + path + " is inside " + EDGE_OUTPUT_DIR
            + "/, which edge writes itself");
      }
      YamlNode.Scalar formatNode = string(required(o, "format", where + "."), where + ".format");
      Format format = switch (formatNode.text()) {
        case "elf" -> Format.ELF;
        case "image" -> Format.IMAGE;
        default -> throw error(formatNode, where + ".format: '" + formatNode.text()
            + "' is not one of elf, image");
      };
      YamlNode addressNode = required(o, "address", where + ".");
      long address = address(addressNode, where + ".address");
      if (format == Format.ELF && address != 0) {
        throw error(addressNode, where + ".address: an elf output becomes a v1 image, which the ROM boots"
            + " only from 0x0; got " + String.format("0x%x", address));
      }
      Integer other = addresses.put(address, i);
      if (other != null) {
        throw error(addressNode, where + ".address: outputs[" + other + "] is flashed at "
            + String.format("0x%x", address) + " too");
      }
      Output output = new Output(path, format, address);
      Integer sameName = names.put(output.fileName(), i);
      if (sameName != null) {
        throw error(pathNode, where + ".path: outputs[" + sameName + "] has the same file name "
            + output.fileName() + "; both would be collected into " + EDGE_OUTPUT_DIR + "/");
      }
      outputs.add(output);
    }
    return outputs;
  }

  private long address(YamlNode node, String where) throws DescriptorException {
    if (!(node instanceof YamlNode.Scalar s) || !s.isString()) {
      throw error(node, where + ": must be a quoted hex string such as \"0x10000\"; got " + node.kind()
          + " (YAML parsers disagree on unquoted 0x... values)");
    }
    if (!HEX_ADDRESS.matcher(s.text()).matches()) {
      throw error(s, where + ": '" + s.text() + "' is not a hex flash offset such as \"0x10000\"");
    }
    long value = Long.parseLong(s.text().substring(2), 16);
    if (value % SECTOR != 0) {
      throw error(s, where + ": " + s.text() + " is not a multiple of 0x1000 (the flash sector size)");
    }
    return value;
  }

  private FlashConfig flash(YamlNode.Mapping f) throws DescriptorException {
    keys(f, "flash.", Set.of("mode", "size", "freq", "baud"));
    FlashMode mode = enumValue(f, "mode", FlashMode::parse);
    FlashSize size = enumValue(f, "size", FlashSize::parse);
    FlashFrequency freq = enumValue(f, "freq", FlashFrequency::parse);
    YamlNode baudNode = required(f, "baud", "flash.");
    if (!(baudNode instanceof YamlNode.Scalar s) || !s.isInteger()) {
      throw error(baudNode, "flash.baud: must be an integer such as 115200; got " + baudNode.kind());
    }
    int baud;
    try {
      baud = Integer.parseInt(s.text());
    } catch (NumberFormatException e) {
      baud = -1;
    }
    if (baud <= 0) {
      throw error(s, "flash.baud: " + s.text() + " is not a usable line rate");
    }
    return new FlashConfig(mode, size, freq, baud);
  }

  private <T> T enumValue(YamlNode.Mapping f, String key, Function<String, T> parse) throws DescriptorException {
    YamlNode.Scalar s = scalarText(required(f, key, "flash."), "flash." + key);
    try {
      return parse.apply(s.text());
    } catch (IllegalArgumentException e) {
      throw error(s, "flash." + key + ": " + e.getMessage());
    }
  }

  /** A relative path that stays inside the project, normalised; {@code .} for the root when allowed. */
  private String insideProject(YamlNode.Scalar s, String where, boolean rootAllowed) throws DescriptorException {
    String text = s.text();
    if (text.isBlank() || text.startsWith("/") || text.contains("\0")) {
      throw error(s, where + ": '" + text + "' must be a path relative to the project root");
    }
    Path normal = Path.of(text).normalize();
    String result = normal.toString();
    if (result.equals("..") || result.startsWith("../")) {
      throw error(s, where + ": '" + text + "' leaves the project directory");
    }
    if (result.isEmpty() || result.equals(".")) {
      if (!rootAllowed) {
        throw error(s, where + ": '" + text + "' names the project directory, not a file");
      }
      return ".";
    }
    return result;
  }

  private void keys(YamlNode.Mapping m, String prefix, Set<String> allowed) throws DescriptorException {
    for (YamlNode.Entry e : m.entries().values()) {
      if (!allowed.contains(e.key())) {
        throw new DescriptorException(file, e.keyLine(), "unknown key '" + prefix + e.key() + "' (expected "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private YamlNode required(YamlNode.Mapping m, String key, String prefix) throws DescriptorException {
    YamlNode.Entry e = m.entries().get(key);
    if (e == null) {
      throw error(m, "missing key '" + prefix + key + "'");
    }
    if (e.value() instanceof YamlNode.Scalar s && s.text() == null) {
      throw new DescriptorException(file, e.keyLine(), prefix + key + ": has no value");
    }
    return e.value();
  }

  private YamlNode.Mapping mapping(YamlNode node, String what) throws DescriptorException {
    if (node instanceof YamlNode.Mapping m) {
      return m;
    }
    throw error(node, what + ": must be a mapping (key: value lines), got " + node.kind());
  }

  private YamlNode.Scalar string(YamlNode node, String where) throws DescriptorException {
    if (node instanceof YamlNode.Scalar s && s.isString()) {
      return s;
    }
    throw error(node, where + ": must be a string, got " + node.kind());
  }

  /** A scalar read as text whatever YAML typed it: {@code size: 1MB} and {@code freq: 40m} are strings anyway. */
  private YamlNode.Scalar scalarText(YamlNode node, String where) throws DescriptorException {
    if (node instanceof YamlNode.Scalar s && s.text() != null && !s.token().isStructStart()) {
      return s;
    }
    throw error(node, where + ": must be a value, got " + node.kind());
  }

  private DescriptorException error(YamlNode at, String reason) {
    return new DescriptorException(file, at.line(), reason);
  }
}
