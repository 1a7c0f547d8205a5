package dev.edge.hal.reset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.edge.hal.flash.FlashListener;
import dev.edge.hal.flash.FlashRegion;
import dev.edge.hal.flash.FlashSettings;
import dev.edge.hal.flash.Flasher;
import dev.edge.hal.gpio.GpioException;
import dev.edge.hal.gpio.OpenDrainLine;
import dev.edge.hal.gpio.Pi4jGpio;
import dev.edge.hal.serial.SerialPort;
import dev.edge.hal.sim.Esp8266Simulator;
import dev.edge.hal.sim.SimulatedBoard;
import dev.edge.hal.sim.SimulatorConfig;
import dev.edge.hal.sim.Timing;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GPIO reset through Pi4J's mock platform, the lines wired to a simulated board as jumper wires would be. */
class GpioResetTest {
  private Context pi4j;
  private Pi4jGpio gpio;

  @BeforeEach
  void mockPlatform() {
    pi4j = Pi4J.newContextBuilder().add(new MockPlatform())
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    gpio = new Pi4jGpio(pi4j);
  }

  @AfterEach
  void shutdown() throws Exception {
    gpio.close();
    pi4j.shutdown();
  }

  @Test
  void openDrainLineIsAnInputWhenReleasedAndALowOutputWhenPulled() throws Exception {
    OpenDrainLine line = gpio.openDrain(17, "esp-en");
    String id = "edge-esp-en-bcm17";
    assertInstanceOf(DigitalInput.class, pi4j.registry().get(id));
    line.pullLow();
    DigitalOutput out = pi4j.registry().get(id);
    assertEquals(DigitalState.LOW, out.state());
    assertTrue(line.isPulledLow());
    line.release();
    assertInstanceOf(DigitalInput.class, pi4j.registry().get(id));
    line.close();
    assertTrue(!pi4j.registry().exists(id), "pin given back on close");
  }

  @Test
  void enAndGpio0MustBeDifferentPins() {
    assertThrows(IllegalArgumentException.class, () -> new GpioResetPins(5, 5));
    assertThrows(IllegalArgumentException.class, () -> new GpioResetPins(5, 40));
  }

  @Test
  void gpioResetEntersTheBootloaderAndHardResetBootsTheFirmware() throws Exception {
    byte[] image = new byte[20_000];
    new Random(4).nextBytes(image);
    SimulatorConfig config = SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(1);
    try (SimulatedBoard board = SimulatedBoard.start(config); SerialPort port = board.openPort()) {
      GpioLines pi4jLines = GpioLines.open(gpio, GpioResetPins.defaults());
      GpioLines wired = new GpioLines(new Wired(pi4jLines.en(), board::driveEn),
          new Wired(pi4jLines.gpio0(), board::driveGpio0));
      awaitState(board, Esp8266Simulator.State.RUNNING);
      new Flasher(BeforeMode.gpioSequence(wired), AfterMode.HARD_RESET, wired, FlashListener.NONE)
          .flash(port, List.of(new FlashRegion("app.bin@0x10000", 0x10000, image)), FlashSettings.defaults());
      assertArrayEquals(image, board.chip().readFlash(0x10000, image.length));
      awaitState(board, Esp8266Simulator.State.RUNNING);
      List<String> log = board.chip().bootLog();
      assertTrue(log.get(log.size() - 2).endsWith("rst cause:2, boot mode:(1,7)"), log.toString());
      assertTrue(log.get(log.size() - 1).endsWith("rst cause:2, boot mode:(3,6)"), log.toString());
      assertTrue(!pi4jLines.en().isPulledLow() && !pi4jLines.gpio0().isPulledLow(), "both lines released");
    }
  }

  @Test
  void releasingGpio0TooEarlyBootsTheFirmwareInstead() throws Exception {
    SimulatorConfig config = SimulatorConfig.defaults().withTiming(Timing.FAST).withSeed(1);
    try (SimulatedBoard board = SimulatedBoard.start(config); SerialPort port = board.openPort()) {
      GpioLines pi4jLines = GpioLines.open(gpio, GpioResetPins.defaults());
      GpioLines wired = new GpioLines(new Wired(pi4jLines.en(), board::driveEn),
          new Wired(pi4jLines.gpio0(), board::driveGpio0));
      awaitState(board, Esp8266Simulator.State.RUNNING);
      int boots = board.chip().bootLog().size();
      wired.en().pullLow();
      Thread.sleep(ResetTimings.EN_LOW_HOLD.toMillis());
      wired.en().release(); // GPIO0 never pulled low
      awaitBoots(board, boots + 1);
      assertTrue(board.chip().bootLog().get(boots).endsWith("boot mode:(3,6)"), board.chip().bootLog().toString());
      assertEquals(Esp8266Simulator.State.RUNNING, board.chip().state());
    }
  }

  /** A Pi4J line with a jumper wire to the simulated board's pin. */
  private static final class Wired implements OpenDrainLine {
    private final OpenDrainLine line;
    private final Consumer<Boolean> pin;

    Wired(OpenDrainLine line, Consumer<Boolean> pin) {
      this.line = line;
      this.pin = pin;
    }

    @Override
    public int pin() {
      return line.pin();
    }

    @Override
    public void pullLow() throws GpioException {
      line.pullLow();
      pin.accept(line.isPulledLow());
    }

    @Override
    public void release() throws GpioException {
      line.release();
      pin.accept(line.isPulledLow());
    }

    @Override
    public boolean isPulledLow() {
      return line.isPulledLow();
    }

    @Override
    public void close() throws GpioException {
      line.close();
      pin.accept(false);
    }
  }

  private static void awaitState(SimulatedBoard board, Esp8266Simulator.State state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (board.chip().state() != state && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(state, board.chip().state());
  }

  private static void awaitBoots(SimulatedBoard board, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (board.chip().bootLog().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }
}
