package dev.edge.agent.boards;

import dev.edge.hal.board.BoardPort;
import dev.edge.hal.board.UsbDevice;
import dev.edge.hal.board.UsbSerialBridge;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The API's JSON form of a board port, in Docker's PascalCase; unknown values are left out, as Docker omits empty
 * fields. A probe of the ROM loader adds {@code Chip} and {@code Mac}.
 */
public final class BoardListJson {

  private BoardListJson() {
  }

  public static Map<String, Object> of(BoardPort port) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("Id", port.id());
    json.put("Port", port.port());
    json.put("ById", port.byId().orElse(null));
    json.put("Kind", port.kind().name().toLowerCase(Locale.ROOT));
    UsbDevice usb = port.usb().orElse(null);
    json.put("VidPid", usb == null ? null : usb.vidPid());
    json.put("Bridge", port.bridge().map(UsbSerialBridge::displayName).orElse(null));
    json.put("LikelyEsp", port.likelyEspBoard());
    json.put("Manufacturer", usb == null ? null : usb.manufacturer().orElse(null));
    json.put("Product", usb == null ? null : usb.product().orElse(null));
    json.put("Serial", usb == null ? null : usb.serialNumber().orElse(null));
    json.put("UsbPath", usb == null ? null : usb.busPath());
    json.put("Driver", usb == null ? null : usb.driver().orElse(null));
    return json;
  }
}
