package dev.edge.agent.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The blocks of a PEM file ({@code -----BEGIN TYPE-----}, base64, {@code -----END TYPE-----}); text
 * around them, such as the "subject=" lines openssl writes into bundles, is ignored.
 */
final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  /** One block: its type ("CERTIFICATE", "PRIVATE KEY", ...) and the DER bytes it encodes. */
  record Block(String type, byte[] der) {}

  private Pem() {}

  /**
   * @param what names the file in errors, e.g. "CA file"
   * @throws IOException naming the file when it cannot be read or a block is cut short or not base64
   */
  static List<Block> read(String what, Path file) throws IOException {
    String text;
    try {
      // ISO-8859-1 maps every byte, so a DER file given by mistake reads as "no PEM block" below
      // instead of failing with a charset error that names no cause a user would recognise.
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IOException(what + " " + file + ": cannot read (" + e + ")", e);
    }
    List<Block> blocks = new ArrayList<>();
    String type = null;
    StringBuilder body = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (type == null) {
        if (line.startsWith(BEGIN) && line.endsWith(DASHES)) {
          type = line.substring(BEGIN.length(), line.length() - DASHES.length());
          body.setLength(0);
        }
      } else if (line.equals(END + type + DASHES)) {
        blocks.add(new Block(type, decode(what, file, type, body.toString())));
        type = null;
      } else if (!line.contains(":")) {
        // Lines with a colon are RFC 1421 headers (Proc-Type, DEK-Info) of legacy encrypted keys.
        body.append(line);
      }
    }
    if (type != null) {
      throw new IOException(what + " " + file + ": the " + type + " block has no END line");
    }
    return blocks;
  }

  private static byte[] decode(String what, Path file, String type, String base64) throws IOException {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IOException(what + " " + file + ": the " + type + " block is not valid base64 ("
          + e.getMessage() + ")", e);
    }
  }
}
