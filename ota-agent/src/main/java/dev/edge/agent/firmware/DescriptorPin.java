package dev.edge.agent.firmware;

import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.Reference;
import java.nio.charset.StandardCharsets;

/**
 * {@code edge firmware lock}: writes a digest into the descriptor's {@code toolchain.image}, like a lockfile,
 * changing nothing else in the file (comments, order and quoting stay).
 */
public final class DescriptorPin {
  private DescriptorPin() {
  }

  /** The reference to resolve: the descriptor's image by its tag (a pinned one is re-resolved). */
  public static Reference tagToResolve(FirmwareDescriptor d) throws DescriptorException {
    String image = d.toolchain().image().orElseThrow(() -> new DescriptorException(d.file(), d.toolchain().line(),
        "toolchain.recipe is built locally, so there is no image to pin; provenance.json records its digest"));
    Reference ref = Reference.parse(image);
    if (ref.tag() == null) {
      throw new DescriptorException(d.file(), d.toolchain().line(), "toolchain.image " + image
          + " names no tag to resolve again; it is already pinned");
    }
    return ref;
  }

  /** {@code image} as written, without any digest, then {@code @digest}. */
  public static String pinned(String image, Digest digest) {
    int at = image.indexOf('@');
    return (at < 0 ? image : image.substring(0, at)) + "@" + digest;
  }

  /** The descriptor's bytes with the image on its line replaced by {@code newImage}. */
  public static byte[] rewrite(FirmwareDescriptor d, String newImage) throws DescriptorException {
    String old = d.toolchain().image().orElseThrow();
    String text = new String(d.bytes(), StandardCharsets.UTF_8);
    int lineStart = 0;
    for (int i = 1; i < d.toolchain().line(); i++) {
      lineStart = text.indexOf('\n', lineStart) + 1;
      if (lineStart == 0) {
        throw new DescriptorException(d.file(), d.toolchain().line(), "toolchain.image: line not found");
      }
    }
    int lineEnd = text.indexOf('\n', lineStart);
    lineEnd = lineEnd < 0 ? text.length() : lineEnd;
    String line = text.substring(lineStart, lineEnd);
    int key = line.indexOf("image:");
    int at = key < 0 ? -1 : line.indexOf(old, key + "image:".length());
    if (at < 0) {
      throw new DescriptorException(d.file(), d.toolchain().line(), "toolchain.image: cannot find '" + old
          + "' on this line to replace; write the pinned reference by hand");
    }
    String updated = line.substring(0, at) + newImage + line.substring(at + old.length());
    return (text.substring(0, lineStart) + updated + text.substring(lineEnd)).getBytes(StandardCharsets.UTF_8);
  }
}
