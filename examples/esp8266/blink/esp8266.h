/*
 * ESP8266 registers and mask-ROM functions that blink uses.
 *
 * Register addresses are those of the ESP8266 Technical Reference
 * (GPIO block at 0x60000300, IO_MUX at 0x60000800) and of the SDK's
 * eagle_soc.h / gpio_register.h. The ROM functions are resolved by the
 * PROVIDE lines in blink.ld, so the addresses live in exactly one place.
 */
#ifndef BLINK_ESP8266_H
#define BLINK_ESP8266_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

/* GPIO block: write-1-to-set / write-1-to-clear views of the output and
 * output-enable latches, so no read-modify-write races with the ROM. */
#define GPIO_BASE           0x60000300u
#define GPIO_OUT_W1TS       REG32(GPIO_BASE + 0x04u)
#define GPIO_OUT_W1TC       REG32(GPIO_BASE + 0x08u)
#define GPIO_ENABLE_W1TS    REG32(GPIO_BASE + 0x10u)
#define GPIO_PIN(n)         REG32(GPIO_BASE + 0x28u + 4u * (n))
#define GPIO_PIN_PAD_DRIVER (1u << 2) /* 1 = open drain, 0 = push-pull */

/* IO_MUX: the pad of GPIO2 and its function field (bits 4, 5 and 8;
 * the function number's bit 2 lands in register bit 8). */
#define IO_MUX_GPIO2        REG32(0x60000800u + 0x38u)
#define IO_MUX_FUNC_MASK    ((1u << 4) | (1u << 5) | (1u << 8))
#define IO_MUX_FUNC_GPIO2   0u

#define LED_GPIO            2u

/* Mask-ROM functions (call0 ABI, the only one the lx106 has). */
int ets_printf(const char *fmt, ...);
void ets_delay_us(uint32_t us);
void ets_wdt_disable(void);

#endif
