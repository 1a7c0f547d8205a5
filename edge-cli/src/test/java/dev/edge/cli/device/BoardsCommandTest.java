package dev.edge.cli.device;

import dev.edge.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.edge.agent.boards.BoardListApi;
import dev.edge.cli.Main;
import dev.edge.hal.board.BoardDiscovery;
import dev.edge.runtime.api.ApiServer;
import dev.edge.runtime.api.HostAddress;
import dev.edge.runtime.api.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edge boards} against the daemon's API server with the boards endpoint over a fake sysfs. */
class BoardsCommandTest {
  @TempDir Path dir;
  private ApiServer server;
  private Path socket;
  private Path dev;

  @BeforeEach
  void serveOneCp2102AndOneUnknownDevice() throws Exception {
    Path sys = Files.createDirectories(dir.resolve("sys/class/tty")).getParent().getParent();
    dev = Files.createDirectories(dir.resolve("dev/serial/by-id")).getParent().getParent();
    plug(sys, "ttyUSB0", "1-1.3", "10c4", "ea60", "0001");
    plug(sys, "ttyACM0", "1-1.2", "2341", "0043", null);
    Router router = new Router();
    new BoardListApi(new BoardDiscovery(sys, dev)).register(router);
    socket = dir.resolve("edge.sock");
    server = new ApiServer(List.of(HostAddress.parse("unix://" + socket)), router, "test");
    server.start();
  }

  private void plug(Path sys, String tty, String bus, String vid, String pid, String serial) throws Exception {
    Path usb = Files.createDirectories(sys.resolve("devices/usb1").resolve(bus));
    Files.writeString(usb.resolve("idVendor"), vid);
    Files.writeString(usb.resolve("idProduct"), pid);
    Path ttyDir = Files.createDirectories(usb.resolve(bus + ":1.0").resolve(tty).resolve("tty").resolve(tty));
    Files.createSymbolicLink(ttyDir.resolve("device"), Path.of("../../../" + tty));
    Files.createSymbolicLink(sys.resolve("class/tty").resolve(tty), sys.resolve("class/tty").relativize(ttyDir));
    Files.createFile(dev.resolve(tty));
    if (serial != null) {
      Files.createSymbolicLink(dev.resolve("serial/by-id/usb-board_" + serial), Path.of("../../" + tty));
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void listsPortsAsATable() {
    CliRun r = CliRun.of("-H", "unix://" + socket, "boards");
    assertEquals(0, r.exit(), r.err());
    String byId = dev.resolve("serial/by-id/usb-board_0001").toString();
    String acm = dev.resolve("ttyACM0").toString();
    String usb = dev.resolve("ttyUSB0").toString();
    int portWidth = Math.max(10, usb.length() + 3);
    int byIdWidth = byId.length() + 3;
    String expected = String.format("%-" + portWidth + "s%-" + byIdWidth + "s%-12s%-10s%-10s%s%n",
        "PORT", "BY-ID", "VID:PID", "BRIDGE", "CHIP", "MAC")
        + String.format("%-" + portWidth + "s%-" + byIdWidth + "s%-12s%-10s%-10s%s%n",
        acm, "-", "2341:0043", "-", "-", "-")
        + String.format("%-" + portWidth + "s%-" + byIdWidth + "s%-12s%-10s%-10s%s%n",
        usb, byId, "10c4:ea60", "CP210x", "-", "-");
    assertEquals(expected, r.out());
  }

  @Test
  void listsPortsAsJsonLines() {
    CliRun r = CliRun.of("-H", "unix://" + socket, "boards", "--format", "json");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertEquals(2, lines.length);
    assertEquals("{\"Id\":\"ttyUSB0\",\"Port\":\"" + dev.resolve("ttyUSB0") + "\",\"ById\":\""
        + dev.resolve("serial/by-id/usb-board_0001") + "\",\"VidPid\":\"10c4:ea60\",\"Bridge\":\"CP210x\","
        + "\"Kind\":\"usb\",\"LikelyEsp\":true,\"UsbPath\":\"1-1.3\"}", lines[1]);
  }

  @Test
  void templatesSeeFieldsTheDaemonLeftOut() {
    CliRun r = CliRun.of("-H", "unix://" + socket, "boards", "--format", "{{.Id}} {{.Bridge}} {{.Chip}}");
    assertEquals(0, r.exit(), r.err());
    assertEquals("ttyACM0 null null\nttyUSB0 CP210x null\n", r.out());
  }
}
