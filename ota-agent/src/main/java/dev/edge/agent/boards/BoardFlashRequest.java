package dev.edge.agent.boards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.FlashSettings;
import dev.edge.hal.reset.AfterMode;
import dev.edge.hal.reset.BeforeMode;
import dev.edge.hal.reset.GpioResetPins;
import dev.edge.runtime.api.ApiException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of {@code POST /edge/v1/boards/{id}/flash}, in the API's PascalCase:
 * {@code {"Port", "Baud", "Before", "After", "FlashMode", "FlashSize", "FlashFreq", "Force", "GpioEn",
 * "GpioGpio0", "Regions": [{"Name", "Address", "Data" (base64)}]}}. Everything but Regions is optional.
 */
record BoardFlashRequest(String port, int baud, BeforeMode before, AfterMode after, GpioResetPins gpioPins,
                         FlashSettings settings, List<FlashRegion> regions) {
  static final int DEFAULT_BAUD = 115200;

  static BoardFlashRequest parse(JsonNode body, boolean regionsRequired) {
    try {
      String port = body.path("Port").isTextual() ? body.path("Port").asText() : null;
      int baud = body.path("Baud").asInt(DEFAULT_BAUD);
      if (baud <= 0) {
        throw ApiException.badRequest("Baud must be positive: " + baud);
      }
      BeforeMode before = BeforeMode.parse(body.path("Before").asText(BeforeMode.DEFAULT_RESET.option()));
      AfterMode after = AfterMode.parse(body.path("After").asText(AfterMode.HARD_RESET.option()));
      GpioResetPins pins = new GpioResetPins(body.path("GpioEn").asInt(GpioResetPins.DEFAULT_EN),
          body.path("GpioGpio0").asInt(GpioResetPins.DEFAULT_GPIO0));
      FlashSettings settings = new FlashSettings(body.path("FlashMode").asText(FlashSettings.KEEP),
          body.path("FlashSize").asText(FlashSettings.KEEP), body.path("FlashFreq").asText(FlashSettings.KEEP),
          body.path("Force").asBoolean(false));
      List<FlashRegion> regions = new ArrayList<>();
      for (JsonNode r : body.path("Regions")) {
        String name = r.path("Name").asText("region");
        long address = r.path("Address").asLong(-1);
        if (address < 0 || !r.path("Data").isTextual()) {
          throw ApiException.badRequest("region " + name + ": needs Address (>= 0) and Data (base64)");
        }
        byte[] data = Base64.getDecoder().decode(r.path("Data").asText());
        regions.add(new FlashRegion(String.format("%s@0x%x", name, address), address, data));
      }
      if (regionsRequired && regions.isEmpty()) {
        throw ApiException.badRequest("nothing to flash: Regions is empty");
      }
      return new BoardFlashRequest(port, baud, before, after, pins, settings, regions);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }
}
