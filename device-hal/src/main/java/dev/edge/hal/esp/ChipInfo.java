package dev.edge.hal.esp;

/**
 * What a connected chip says about itself.
 *
 * @param family chip family, e.g. "ESP8266"
 * @param description variant, e.g. "ESP8266EX" or "ESP8285"
 * @param mac station MAC as esptool prints it, e.g. "18:fe:34:a1:b2:c3"
 * @param chipId the SDK's system_get_chip_id()
 */
public record ChipInfo(String family, String description, String mac, long chipId) {
}
