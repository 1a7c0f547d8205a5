package dev.edge.hal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PosixSerialPortTest {
  private PseudoTerminal pty;

  @BeforeEach
  void openPty() throws Exception {
    pty = PseudoTerminal.open();
  }

  @AfterEach
  void closePty() {
    pty.close();
  }

  @Test
  void passesEveryByteValueBothWaysInRawMode() throws Exception {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    try (PosixSerialPort port = PosixSerialPort.open(pty.slavePath())) {
      port.write(all);
      assertArrayEquals(all, readFully(pty, all.length));
      pty.write(all, 0, all.length, Duration.ofSeconds(1));
      byte[] got = new byte[256];
      int n = 0;
      while (n < got.length) {
        int r = port.read(got, n, got.length - n, Duration.ofSeconds(2));
        assertTrue(r > 0, "data expected");
        n += r;
      }
      assertArrayEquals(all, got);
    }
  }

  @Test
  void readReturnsZeroAfterTheTimeoutWhenNothingArrives() throws Exception {
    try (PosixSerialPort port = PosixSerialPort.open(pty.slavePath())) {
      long start = System.nanoTime();
      assertEquals(0, port.read(new byte[16], 0, 16, Duration.ofMillis(150)));
      long took = (System.nanoTime() - start) / 1_000_000;
      assertTrue(took >= 140 && took < 1000, "took " + took + " ms");
    }
  }

  @Test
  void setsAnyBaudRateThroughTermios2() throws Exception {
    try (PosixSerialPort port = PosixSerialPort.open(pty.slavePath())) {
      assertEquals(115200, pty.slaveBaudRate());
      for (int baud : new int[] {74880, 115200, 230400, 460800, 921600, 1500000}) {
        port.setBaudRate(baud);
        assertEquals(baud, pty.slaveBaudRate());
        assertEquals(baud, port.baudRate());
      }
    }
  }

  @Test
  void ptyReportsNoModemLinesInsteadOfFailing() throws Exception {
    try (PosixSerialPort port = PosixSerialPort.open(pty.slavePath())) {
      assertFalse(port.hasModemLines());
      assertEquals(LineControl.NO_MODEM_LINES, port.setDtr(true));
      assertEquals(LineControl.NO_MODEM_LINES, port.setRts(false));
      assertEquals(LineControl.NO_MODEM_LINES, port.setDtrRts(true, false));
    }
  }

  @Test
  void secondOpenOfABusyPortNamesTheHolder() throws Exception {
    try (PosixSerialPort first = PosixSerialPort.open(pty.slavePath())) {
      PortBusyException e = assertThrows(PortBusyException.class, () -> PosixSerialPort.open(pty.slavePath()));
      assertTrue(e.getMessage().contains("busy") && e.getMessage().contains("pid "
          + ProcessHandle.current().pid()), e.getMessage());
    }
    PosixSerialPort.open(pty.slavePath()).close(); // released on close
  }

  @Test
  void openThroughASymlinkLocksTheRealDevice(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path link = dir.resolve("ttyESP");
    Files.createSymbolicLink(link, Path.of(pty.slavePath()));
    try (PosixSerialPort viaLink = PosixSerialPort.open(link.toString())) {
      assertEquals(link.toString(), viaLink.name());
      assertThrows(PortBusyException.class, () -> PosixSerialPort.open(pty.slavePath()));
    }
  }

  @Test
  void lockFileOfALiveProcessNamesThatProcess() throws Exception {
    Process holder = new ProcessBuilder("sleep", "30").start();
    Path lock = Path.of("/run/lock").resolve(PortLock.lockName(Path.of(pty.slavePath()).toRealPath()));
    try {
      Files.writeString(lock, String.format("%10d%n", holder.pid()), StandardCharsets.US_ASCII);
      PortBusyException e = assertThrows(PortBusyException.class, () -> PosixSerialPort.open(pty.slavePath()));
      assertTrue(e.getMessage().contains("pid " + holder.pid() + " (sleep 30)"), e.getMessage());
    } finally {
      holder.destroyForcibly().waitFor();
      Files.deleteIfExists(lock);
    }
  }

  @Test
  void staleLockOfADeadProcessIsTakenOver() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Path lock = Path.of("/run/lock").resolve(PortLock.lockName(Path.of(pty.slavePath()).toRealPath()));
    Files.writeString(lock, String.format("%10d%n", dead.pid()), StandardCharsets.US_ASCII);
    try (PosixSerialPort port = PosixSerialPort.open(pty.slavePath())) {
      assertEquals(ProcessHandle.current().pid(), Long.parseLong(Files.readString(lock).trim()));
    }
    assertFalse(Files.exists(lock), "lock file removed on close");
  }

  @Test
  void lockFileNamesFollowTheUucpConvention() {
    assertEquals("LCK..ttyUSB0", PortLock.lockName(Path.of("/dev/ttyUSB0")));
    assertEquals("LCK..pts_3", PortLock.lockName(Path.of("/dev/pts/3")));
  }

  @Test
  void hangUpGivesAClearErrorInsteadOfBlocking() throws Exception {
    try (PosixSerialPort port = PosixSerialPort.open(pty.slavePath())) {
      pty.close();
      PortDisconnectedException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> assertThrows(PortDisconnectedException.class,
              () -> port.read(new byte[8], 0, 8, Duration.ofSeconds(30))));
      assertTrue(e.getMessage().contains(pty.slavePath()), e.getMessage());
    }
  }

  @Test
  void missingPortSaysSo() {
    PortAccessException e = assertThrows(PortAccessException.class,
        () -> PosixSerialPort.open("/dev/ttyUSB-no-such-port"));
    assertTrue(e.getMessage().contains("no such port"), e.getMessage());
  }

  @Test
  void aFileThatIsNoTerminalIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    SerialPortException e = assertThrows(SerialPortException.class, () -> PosixSerialPort.open(file.toString()));
    assertTrue(e.getMessage().contains("not a usable serial port"), e.getMessage());
  }

  private static byte[] readFully(PseudoTerminal pty, int len) throws Exception {
    byte[] out = new byte[len];
    int n = 0;
    while (n < len) {
      int r = pty.read(out, n, len - n, Duration.ofSeconds(2));
      assertTrue(r > 0, "data expected");
      n += r;
    }
    return out;
  }
}
