package dev.edge.hal.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edge.hal.board.PortAccessAdvisor.OpenFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortAccessAdvisorTest {

  @TempDir Path root;
  private Path proc;
  private Path port;
  private int portGid;

  @BeforeEach
  void fakeMachine() throws Exception {
    proc = Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("etc"));
    port = Files.createFile(root.resolve("ttyUSB0"));
    portGid = (Integer) Files.getAttribute(port, "unix:gid");
    Files.writeString(root.resolve("etc/group"), "root:x:99999:\n"
        + "dialout:x:" + portGid + ":alice,carol\n" + "plugdev:x:46:bob\n");
    process(1, "systemd");
    process(412, "sshd");
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("self/status"), "Name:\tjava\nGroups:\t24 46 1000 \n");
  }

  private void process(int pid, String comm) throws Exception {
    Files.createDirectories(proc.resolve(String.valueOf(pid)));
    Files.writeString(proc.resolve(pid + "/comm"), comm + "\n");
  }

  private static final Optional<UsbDevice> CP2102 = Optional.of(new UsbDevice(0x10c4, 0xea60, Optional.empty(),
      Optional.empty(), Optional.empty(), "1-1.3", Optional.of(0), Optional.of("cp210x")));

  @Test
  void tellsAUserOutsideTheGroupHowToJoinIt() {
    String message = new PortAccessAdvisor(root, proc, "bob")
        .explainOpenFailure(port, "Permission denied", OpenFailure.PERMISSION_DENIED, CP2102);
    assertEquals("open " + port + ": Permission denied. Add user bob to group dialout that owns " + port
        + ": `sudo usermod -aG dialout bob`, then log out and back in.", message);
  }

  @Test
  void tellsAGroupMemberWhoseSessionPredatesItToLogInAgain() {
    List<String> advice = new PortAccessAdvisor(root, proc, "alice")
        .advise(port, OpenFailure.PERMISSION_DENIED, CP2102);
    assertEquals(List.of("User alice is in group dialout, but this login session started before that: log out "
        + "and back in (or run `newgrp dialout`)."), advice);
  }

  @Test
  void inAContainerSuggestsPassingTheGroupId() throws Exception {
    Files.createFile(root.resolve(".dockerenv"));
    String advice = new PortAccessAdvisor(root, proc, "bob").advise(port, OpenFailure.PERMISSION_DENIED, CP2102)
        .get(0);
    assertTrue(advice.endsWith("`--group-add $(getent group dialout | cut -d: -f3)`."), advice);
  }

  @Test
  void namesModemManagerWithAUdevRuleForThisBridge() throws Exception {
    PortAccessAdvisor advisor = new PortAccessAdvisor(root, proc, "alice");
    assertFalse(advisor.modemManagerRunning());
    assertEquals(Optional.empty(), advisor.modemManagerWarning(CP2102));
    process(733, "ModemManager");
    assertTrue(advisor.modemManagerRunning());
    List<String> advice = advisor.advise(port, OpenFailure.BUSY, CP2102);
    assertEquals(2, advice.size());
    assertTrue(advice.get(0).startsWith("Another program has the port open"), advice.get(0));
    assertTrue(advice.get(1).contains("`sudo systemctl disable --now ModemManager`"), advice.get(1));
    assertTrue(advice.get(1).contains(
        "`ATTRS{idVendor}==\"10c4\", ATTRS{idProduct}==\"ea60\", ENV{ID_MM_DEVICE_IGNORE}=\"1\"`"), advice.get(1));
  }

  @Test
  void aMissingPortIsReportedAsUnplugged() {
    List<String> advice = new PortAccessAdvisor(root, proc, "bob")
        .advise(root.resolve("ttyUSB7"), OpenFailure.NO_DEVICE, Optional.empty());
    assertEquals(List.of("The port does not exist: is the board plugged in? `edge boards` lists the ports."),
        advice);
  }
}
