/*
 * hello-rtos: says hello and describes the chip through the
 * ESP8266_RTOS_SDK v3.4 API, then prints its uptime every 5 seconds.
 */
#include <inttypes.h>
#include <stdio.h>

#include "esp_spi_flash.h"
#include "esp_system.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

#define REPORT_PERIOD_MS 5000

static const char *reset_reason_name(esp_reset_reason_t reason)
{
    switch (reason) {
    case ESP_RST_POWERON:   return "power-on";
    case ESP_RST_EXT:       return "external pin";
    case ESP_RST_SW:        return "software restart";
    case ESP_RST_PANIC:     return "panic";
    case ESP_RST_INT_WDT:   return "interrupt watchdog";
    case ESP_RST_TASK_WDT:  return "task watchdog";
    case ESP_RST_WDT:       return "other watchdog";
    case ESP_RST_DEEPSLEEP: return "deep-sleep wake-up";
    case ESP_RST_BROWNOUT:  return "brown-out";
    case ESP_RST_SDIO:      return "SDIO";
    default:                return "unknown";
    }
}

static void print_chip_info(void)
{
    esp_chip_info_t chip;
    esp_chip_info(&chip);

    uint8_t mac[6];
    esp_err_t mac_err = esp_read_mac(mac, ESP_MAC_WIFI_STA);

    printf("chip: %s, %u core(s), revision %u, features:%s%s\n",
           chip.model == CHIP_ESP8266 ? "ESP8266" : "unknown model",
           (unsigned) chip.cores, (unsigned) chip.revision,
           (chip.features & CHIP_FEATURE_WIFI_BGN) ? " Wi-Fi b/g/n" : "",
           (chip.features & CHIP_FEATURE_EMB_FLASH) ? " embedded-flash" : "");
    if (mac_err == ESP_OK) {
        printf("station MAC: %02x:%02x:%02x:%02x:%02x:%02x\n",
               mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    } else {
        printf("station MAC: unreadable (error 0x%x)\n", (unsigned) mac_err);
    }
    printf("flash: %" PRIu32 " KiB; free heap: %" PRIu32 " bytes\n",
           (uint32_t) (spi_flash_get_chip_size() / 1024), esp_get_free_heap_size());
    printf("SDK: %s; last reset: %s\n",
           esp_get_idf_version(), reset_reason_name(esp_reset_reason()));
}

void app_main(void)
{
    printf("\nhello from ESP8266_RTOS_SDK\n");
    print_chip_info();

    for (;;) {
        vTaskDelay(REPORT_PERIOD_MS / portTICK_PERIOD_MS);
        uint32_t uptime_s = (uint32_t) (xTaskGetTickCount() * portTICK_PERIOD_MS / 1000);
        printf("uptime %" PRIu32 " s\n", uptime_s);
    }
}
