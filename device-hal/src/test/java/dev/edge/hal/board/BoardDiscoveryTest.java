package dev.edge.hal.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardDiscoveryTest {

  @TempDir Path root;

  private FakeSysfs typicalPi() throws Exception {
    return new FakeSysfs(root)
        .usbSerial("ttyUSB10", "1-1.4", "1a86", "7523", null, "USB2.0-Serial", null, "ch341-uart")
        .usbSerial("ttyUSB0", "1-1.3", "10c4", "ea60", "Silicon Labs", "CP2102 USB to UART Bridge Controller",
            "0001", "cp210x")
        .usbSerial("ttyUSB2", "1-1.2", "0403", "6001", "FTDI", "FT232R USB UART", "A50285BI", "ftdi_sio")
        .usbAcm("ttyACM0", "1-1.1", "2341", "0043", "Arduino Uno")
        .socUart("ttyAMA0", "serial0")
        .virtualTty("tty0");
  }

  @Test
  void listsUsbPortsInNaturalOrderWithTheirUsbAttributes() throws Exception {
    FakeSysfs fake = typicalPi();
    List<BoardPort> ports = new BoardDiscovery(fake.sys, fake.dev).list();
    assertEquals(List.of("ttyACM0", "ttyUSB0", "ttyUSB2", "ttyUSB10"), ports.stream().map(BoardPort::id).toList());

    BoardPort cp2102 = ports.get(1);
    assertEquals(fake.dev.resolve("ttyUSB0").toString(), cp2102.port());
    assertEquals(PortKind.USB, cp2102.kind());
    UsbDevice usb = cp2102.usb().orElseThrow();
    assertEquals("10c4:ea60", usb.vidPid());
    assertEquals(Optional.of("Silicon Labs"), usb.manufacturer());
    assertEquals(Optional.of("CP2102 USB to UART Bridge Controller"), usb.product());
    assertEquals(Optional.of("0001"), usb.serialNumber());
    assertEquals("1-1.3", usb.busPath());
    assertEquals(Optional.of(0), usb.interfaceNumber());
    assertEquals(Optional.of("cp210x"), usb.driver());
    assertEquals(Optional.of(UsbSerialBridge.CP210X), cp2102.bridge());
    assertTrue(cp2102.likelyEspBoard());
    assertEquals(Optional.of(fake.dev.resolve(
        "serial/by-id/usb-Silicon_Labs_CP2102_USB_to_UART_Bridge_Controller_0001-if00-port0").toString()),
        cp2102.byId());
  }

  @Test
  void namesEveryKnownBridgeAndFlagsUnknownDevicesAsNotLikelyEsp() throws Exception {
    FakeSysfs fake = typicalPi();
    List<BoardPort> ports = new BoardDiscovery(fake.sys, fake.dev).list();
    BoardPort uno = ports.get(0);
    assertEquals("2341:0043", uno.usb().orElseThrow().vidPid());
    assertEquals(Optional.empty(), uno.bridge());
    assertFalse(uno.likelyEspBoard());
    assertEquals(Optional.of("cdc_acm"), uno.usb().orElseThrow().driver());

    BoardPort ch340 = ports.get(3);
    assertEquals(Optional.of(UsbSerialBridge.CH340), ch340.bridge());
    assertEquals(Optional.empty(), ch340.usb().orElseThrow().serialNumber());
    assertEquals(Optional.empty(), ch340.byId());
    assertEquals(Optional.of(UsbSerialBridge.FT232R), ports.get(2).bridge());

    assertEquals(Optional.of(UsbSerialBridge.CH9102), UsbSerialBridge.of(0x1a86, 0x55d4));
    assertEquals(Optional.of(UsbSerialBridge.FT231X), UsbSerialBridge.of(0x0403, 0x6015));
    assertEquals(Optional.of(UsbSerialBridge.PL2303), UsbSerialBridge.of(0x067b, 0x2303));
  }

  @Test
  void describesAnOnboardUartThroughItsAlias() throws Exception {
    FakeSysfs fake = typicalPi();
    BoardPort uart = new BoardDiscovery(fake.sys, fake.dev).describe(fake.dev.resolve("serial0").toString());
    assertEquals(fake.dev.resolve("ttyAMA0").toRealPath().toString(), uart.port());
    assertEquals(PortKind.ONBOARD_UART, uart.kind());
    assertFalse(uart.likelyEspBoard());
  }

  @Test
  void describesPtysUsbPortsAndVirtualTtys() throws Exception {
    FakeSysfs fake = typicalPi();
    BoardDiscovery discovery = new BoardDiscovery(fake.sys, fake.dev.toRealPath());
    Path pty = fake.pty(3);
    assertEquals(PortKind.PTY, discovery.describe(pty.toString()).kind());
    BoardPort usb = discovery.describe(fake.dev.resolve("ttyUSB0").toString());
    assertEquals(PortKind.USB, usb.kind());
    assertEquals("10c4:ea60", usb.usb().orElseThrow().vidPid());
    assertEquals(PortKind.OTHER, discovery.describe(fake.dev.resolve("tty0").toString()).kind());
  }

  @Test
  void describingAMissingPortSaysWhatToDo() throws Exception {
    FakeSysfs fake = typicalPi();
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> new BoardDiscovery(fake.sys, fake.dev).describe("/dev/ttyUSB99"));
    assertTrue(e.getMessage().contains("/dev/ttyUSB99: no such serial port (is the board plugged in?"),
        e.getMessage());
  }

  @Test
  void aMachineWithoutTtyClassListsNothing() throws Exception {
    assertEquals(List.of(), new BoardDiscovery(root.resolve("nosys"), root.resolve("nodev")).list());
  }
}
