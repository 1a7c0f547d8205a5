/*
 * blink: bare-metal ESP8266 firmware, no SDK.
 *
 * The mask ROM loads this program's segments from a v1 image at flash 0x0
 * into IRAM and DRAM and jumps to call_user_start. It toggles GPIO2 (the
 * blue LED of ESP-01 and ESP-12 modules, lit when the pin is low) twice a
 * second and prints a counter on UART0 through the ROM's ets_printf.
 */
#include "esp8266.h"

#define HALF_PERIOD_US 500000u

/* Bounds of .bss from blink.ld: the ROM loader copies only the segments in
 * the image, and .bss is not one of them. */
extern uint32_t _bss_start[];
extern uint32_t _bss_end[];

static uint32_t blinks;

void call_user_start(void) __attribute__((noreturn));

static void clear_bss(void)
{
    for (volatile uint32_t *word = _bss_start; word < _bss_end; word++) {
        *word = 0;
    }
}

static void led_init(void)
{
    IO_MUX_GPIO2 = (IO_MUX_GPIO2 & ~IO_MUX_FUNC_MASK) | IO_MUX_FUNC_GPIO2;
    GPIO_PIN(LED_GPIO) &= ~GPIO_PIN_PAD_DRIVER;
    GPIO_OUT_W1TS = 1u << LED_GPIO; /* high = LED off, before driving the pin */
    GPIO_ENABLE_W1TS = 1u << LED_GPIO;
}

void call_user_start(void)
{
    clear_bss();
    /* Whether the ROM left the hardware watchdog armed depends on the boot
     * path; the half-second delays would outlast it, so switch it off. */
    ets_wdt_disable();
    led_init();
    ets_printf("\r\nblink: GPIO2 every %u ms\r\n", HALF_PERIOD_US / 1000u);

    for (;;) {
        GPIO_OUT_W1TC = 1u << LED_GPIO;
        blinks++;
        ets_printf("blink %u\r\n", blinks);
        ets_delay_us(HALF_PERIOD_US);
        GPIO_OUT_W1TS = 1u << LED_GPIO;
        ets_delay_us(HALF_PERIOD_US);
    }
}
