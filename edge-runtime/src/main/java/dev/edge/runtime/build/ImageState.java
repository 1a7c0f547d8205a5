package dev.edge.runtime.build;

import dev.edge.runtime.build.config.StageConfig;
import dev.edge.runtime.distribution.ImageStore;
import dev.edge.runtime.image.Descriptor;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.image.ImageConfig;
import dev.edge.runtime.json.Json;
import dev.edge.runtime.snapshot.ChainIds;
import dev.edge.runtime.store.ImageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a stage stands after its last step: the image it is (null before the first commit of a
 * {@code FROM scratch} stage), its config as the next step changes it, and its layers.
 */
final class ImageState {
  final Digest imageId;
  final StageConfig config;
  final List<Descriptor> layers;
  final List<Digest> diffIds;

  ImageState(Digest imageId, StageConfig config, List<Descriptor> layers, List<Digest> diffIds) {
    this.imageId = imageId;
    this.config = config;
    this.layers = List.copyOf(layers);
    this.diffIds = List.copyOf(diffIds);
  }

  /** The state an existing image gives: its config read from the content store. */
  static ImageState of(ImageStore store, ImageRecord record) throws IOException {
    ImageConfig config;
    try (InputStream in = store.content().open(record.imageId())) {
      config = Json.mapper().readValue(in, ImageConfig.class);
    }
    return new ImageState(record.imageId(), new StageConfig(config), record.layers(),
        record.diffIds().stream().map(Digest::parse).toList());
  }

  /** The cache key's parent: the image id, or "scratch" before anything was committed. */
  String parentKey() {
    return imageId == null ? dev.edge.runtime.build.cache.CacheKey.SCRATCH : imageId.toString();
  }

  List<Digest> chainIds() {
    return ChainIds.of(diffIds);
  }

  List<Descriptor> layersWith(Descriptor layer) {
    List<Descriptor> out = new ArrayList<>(layers);
    out.add(layer);
    return out;
  }

  List<Digest> diffIdsWith(Digest diffId) {
    List<Digest> out = new ArrayList<>(diffIds);
    out.add(diffId);
    return out;
  }
}
