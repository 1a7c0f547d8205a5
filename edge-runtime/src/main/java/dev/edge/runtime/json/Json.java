package dev.edge.runtime.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson configuration shared by the daemon, its API and its stores. */
public final class Json {
  private Json() {}

  /** Made at first use: an idle daemon on an empty root never needs databind (see PlainJson). */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  private static final class Holder {
    static final ObjectMapper MAPPER =
        new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            // Docker clients send fields we do not model; rejecting them would break compatibility.
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
