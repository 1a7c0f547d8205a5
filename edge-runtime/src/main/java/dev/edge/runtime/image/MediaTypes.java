package dev.edge.runtime.image;

import java.util.Set;

/** The manifest and layer media types of Docker v2 schema 2 and OCI. */
public final class MediaTypes {
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** An uncompressed layer, as builds keep them until a push compresses them. */
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
  public static final String DOCKER_FOREIGN_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  /** What a pull asks for, in order of preference. */
  public static final Set<String> MANIFESTS =
      Set.of(DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX);

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return DOCKER_MANIFEST_LIST.equals(mediaType) || OCI_INDEX.equals(mediaType);
  }

  public static boolean isManifest(String mediaType) {
    return DOCKER_MANIFEST.equals(mediaType) || OCI_MANIFEST.equals(mediaType);
  }

  /** How a layer is compressed, from its media type. */
  public static Compression layerCompression(String mediaType) {
    return switch (mediaType) {
      case DOCKER_LAYER_GZIP, DOCKER_FOREIGN_LAYER_GZIP, OCI_LAYER_GZIP,
          "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip" -> Compression.GZIP;
      case OCI_LAYER_ZSTD -> Compression.ZSTD;
      case OCI_LAYER, DOCKER_LAYER, "application/vnd.oci.image.layer.nondistributable.v1.tar" ->
          Compression.NONE;
      default -> throw new IllegalArgumentException("unknown layer media type " + mediaType);
    };
  }

  /** Layer compression. */
  public enum Compression { NONE, GZIP, ZSTD }
}
