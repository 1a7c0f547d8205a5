package dev.edge.hal.sim;

import dev.edge.hal.esp.Esp8266;
import dev.edge.hal.esp.Opcode;
import dev.edge.hal.esp.Slip;
import dev.edge.hal.esp.SlipDecoder;
import dev.edge.hal.esp.SlipFramingException;
import dev.edge.hal.serial.PortDisconnectedException;
import dev.edge.hal.serial.PseudoTerminal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A simulated ESP8266 board: the ROM loader ({@link RomLoaderCore}) behind a UART, with reset and boot-strap
 * behaviour, wire timing and fault injection. On a pty it starts in download mode (ptys have no modem lines);
 * behind an in-process {@link SimulatedBoard} it reacts to DTR/RTS and GPIO like a real board.
 */
public final class Esp8266Simulator implements AutoCloseable {
  /** What the chip is doing. */
  public enum State { RESET_HELD, DOWNLOAD, RUNNING }

  /**
   * Delay after EN rises at which the ROM samples GPIO0 (inference: "the strapping is sampled only at reset",
   * esptool#23; it must be well inside esptool's 50 ms hold).
   */
  static final Duration STRAPPING_SAMPLE_DELAY = Duration.ofMillis(1);
  /** An EN pulse shorter than MINIMAL_EN_LOW_DELAY does not reset the chip (reference §2.1). */
  static final Duration MINIMAL_EN_LOW = Duration.ofMillis(5);
  private static final Duration IDLE_POLL = Duration.ofMillis(20);

  private final SimulatorConfig config;
  private final SimFlash flash;
  private final ChipRegisters registers;
  private final RomLoaderCore core;
  private final ChipUart uart;
  private final BoardPins pins;
  private final FaultInjector faults;
  private final Consumer<String> log;
  private final SlipDecoder decoder = new SlipDecoder();
  private final List<String> bootLog = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private final Path link;
  private final String portPath;
  private volatile boolean closed;

  private State state;
  private State stateBeforeReset;
  private long enLowSince;
  private long pendingBoot = -1;
  private int generation;
  private int chipBaud;

  private Esp8266Simulator(SimulatorConfig config, SimFlash flash, ChipUart uart, BoardPins pins, State initial,
               Consumer<String> log, Path link, String portPath) {
    this.config = config;
    this.flash = flash;
    SimMemory memory = new SimMemory();
    this.registers = new ChipRegisters(config, memory);
    this.core = new RomLoaderCore(flash, memory, registers, config.timing());
    this.uart = uart;
    this.pins = pins;
    this.faults = new FaultInjector(config.faultRate(), config.seed());
    this.log = log;
    this.link = link;
    this.portPath = portPath;
    this.state = initial;
    pins.listen(this::enChanged);
    this.thread = new Thread(this::run, "esp8266-sim " + portPath);
    thread.setDaemon(true);
  }

  /**
   * Starts a board on a new pty whose slave side {@code link} points to. Over a pty nothing can see DTR/RTS,
   * so the board behaves as if GPIO0 were tied low: it is in download mode and returns there after reboots.
   */
  public static Esp8266Simulator onPty(SimulatorConfig config, Path link, Consumer<String> log) throws IOException {
    SimFlash flash = openFlash(config);
    PseudoTerminal pty;
    try {
      pty = PseudoTerminal.open();
    } catch (IOException e) {
      flash.close();
      throw e;
    }
    try {
      if (link != null) {
        placeLink(link, Path.of(pty.slavePath()));
      }
    } catch (IOException e) {
      pty.close();
      flash.close();
      throw e;
    }
    Esp8266Simulator sim = new Esp8266Simulator(config, flash, new PtyChipUart(pty, config.timing()),
        new BoardPins(true), State.DOWNLOAD, log, link, pty.slavePath());
    sim.thread.start();
    return sim;
  }

  /** A board on in-process wires; it powers on and boots from flash, as a board plugged in does. */
  static Esp8266Simulator onWires(SimulatorConfig config, Wire fromHost, Wire toHost, BoardPins pins,
                  Consumer<String> log) throws IOException {
    SimFlash flash = openFlash(config);
    Esp8266Simulator sim = new Esp8266Simulator(config, flash, new LinkChipUart(fromHost, toHost), pins,
        State.RESET_HELD, log, null, "in-process");
    sim.pendingBoot = System.nanoTime();
    sim.thread.start();
    return sim;
  }

  private static SimFlash openFlash(SimulatorConfig config) throws IOException {
    return config.flashFile() == null ? SimFlash.inMemory(config.flashSize())
        : SimFlash.persistent(config.flashFile(), config.flashSize());
  }

  private static void placeLink(Path link, Path target) throws IOException {
    if (Files.isSymbolicLink(link)) {
      Path old = Files.readSymbolicLink(link);
      if (Files.exists(link) && old.toString().startsWith("/dev/pts/")) {
        throw new IOException(link + " already points to " + old + ", which is in use (another simulator?);"
            + " remove it or pick another --link");
      }
      Files.delete(link);
    } else if (Files.exists(link)) {
      throw new IOException(link + " exists and is not a symlink; pick another --link");
    }
    Files.createSymbolicLink(link, target);
  }

  /** The pty slave (e.g. /dev/pts/3), or "in-process". */
  public String portPath() {
    return portPath;
  }

  public SimulatorConfig config() {
    return config;
  }

  public synchronized State state() {
    return state;
  }

  /** Each boot's first log line, e.g. "ets Jan  8 2013,rst cause:2, boot mode:(1,7)". */
  public List<String> bootLog() {
    return List.copyOf(bootLog);
  }

  public byte[] readFlash(long offset, int len) {
    return flash.read(offset, len);
  }

  /** Frames dropped or corrupted so far by {@code --fault-rate}. */
  public long faultsInjected() {
    return faults.injected();
  }

  /** Sectors the ROM erased so far. */
  public long erasedSectors() {
    return core.erasedSectors();
  }

  private synchronized void enChanged(boolean low, long now) {
    if (low) {
      if (state != State.RESET_HELD) {
        stateBeforeReset = state;
      }
      state = State.RESET_HELD;
      enLowSince = now;
      pendingBoot = -1;
      generation++;
    } else if (now - enLowSince >= MINIMAL_EN_LOW.toNanos()) {
      pendingBoot = now + STRAPPING_SAMPLE_DELAY.toNanos();
    } else if (stateBeforeReset != null) {
      state = stateBeforeReset; // a glitch too short to reset the chip
    }
  }

  private void run() {
    byte[] buffer = new byte[4096];
    try {
      while (!closed) {
        bootIfDue();
        int n = uart.read(buffer, IDLE_POLL);
        for (int i = 0; i < n && !closed; i++) {
          if (state() != State.DOWNLOAD) {
            continue;
          }
          byte[] packet;
          try {
            packet = decoder.feed(buffer[i]);
          } catch (SlipFramingException e) {
            continue;
          }
          if (packet != null) {
            onPacket(packet, uart.arrivalNanos(i));
          }
        }
      }
    } catch (PortDisconnectedException e) {
      if (!closed) {
        log.accept("simulator: the line closed: " + e.getMessage());
      }
    } catch (IOException e) {
      log.accept("simulator stopped: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }

  private void bootIfDue() throws IOException {
    boolean download;
    int cause;
    synchronized (this) {
      if (pendingBoot < 0 || System.nanoTime() < pendingBoot) {
        return;
      }
      download = pins.gpio0LowAt(pendingBoot);
      cause = stateBeforeReset == null ? BootRom.CAUSE_POWER_ON : BootRom.CAUSE_EXTERNAL;
      pendingBoot = -1;
    }
    boot(cause, download);
  }

  private void boot(int cause, boolean download) throws IOException {
    byte[] banner = BootRom.banner(cause, download, flash);
    String first = new String(banner, java.nio.charset.StandardCharsets.US_ASCII).trim().split("\r\n")[0];
    synchronized (this) {
      bootLog.add(first);
      state = download ? State.DOWNLOAD : State.RUNNING;
      stateBeforeReset = state;
      chipBaud = 0;
    }
    decoder.reset();
    uart.write(banner, Esp8266.BOOT_LOG_BAUD);
  }

  private void onPacket(byte[] packet, long arrival) throws IOException, InterruptedException {
    Timing.sleepUntil(arrival);
    int gen;
    synchronized (this) {
      gen = generation;
    }
    FaultInjector.Fault fault = faults.next();
    if (fault == FaultInjector.Fault.DROP) {
      return;
    }
    if (fault == FaultInjector.Fault.CORRUPT) {
      packet = faults.corrupt(packet);
    }
    boolean sync = packet.length > 1 && (packet[1] & 0xFF) == Opcode.SYNC;
    if (chipBaud == 0 && !sync) {
      return; // before auto-baud the ROM only recognises the SYNC pattern
    }
    RomLoaderCore.Outcome outcome = core.handle(packet);
    if (sync && !outcome.replies().isEmpty() && outcome.replies().get(0)[8] == 0) {
      chipBaud = uart.lastReadBaud() > 0 ? uart.lastReadBaud() : config.baud();
      registers.setUartBaud(chipBaud);
    }
    Timing.sleepUntil(System.nanoTime() + outcome.busy().toNanos());
    for (byte[] reply : outcome.replies()) {
      synchronized (this) {
        if (generation != gen || state != State.DOWNLOAD) {
          return; // reset while working: the reply is never sent
        }
      }
      FaultInjector.Fault f = faults.next();
      if (f == FaultInjector.Fault.DROP) {
        continue;
      }
      uart.write(Slip.encode(f == FaultInjector.Fault.CORRUPT ? faults.corrupt(reply) : reply), chipBaud);
    }
    after(outcome);
  }

  private void after(RomLoaderCore.Outcome outcome) throws IOException {
    switch (outcome.after()) {
      case RUN_USER_CODE -> {
        synchronized (this) {
          state = State.RUNNING;
        }
        log.accept("simulator: the ROM left the loader and runs the firmware in flash");
      }
      case RUN_RAM_CODE -> {
        synchronized (this) {
          state = State.RUNNING;
        }
        log.accept(String.format("simulator: the ROM jumped to RAM code at 0x%08x", outcome.entry()));
      }
      case REBOOT -> boot(BootRom.CAUSE_SOFTWARE, pins.gpio0Low());
      default -> {
      }
    }
  }

  /**
   * Runs a simulator on a pty until it is stopped (SIGTERM/SIGINT); the CLI's {@code edge sim esp8266} does the
   * same with picocli.
   */
  public static void main(String[] args) throws Exception {
    SimulatorArgs parsed;
    try {
      parsed = SimulatorArgs.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Esp8266Simulator sim = onPty(parsed.config(), parsed.link(), System.err::println);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sim.close();
      } catch (IOException e) {
        System.err.println("simulator: " + e.getMessage());
      }
    }));
    System.out.println(sim.describe(parsed.link()));
    System.out.flush();
    sim.awaitClosed();
  }

  /** One line about the running board, for the CLI. */
  public String describe(Path link) {
    byte[] m = config.mac();
    return String.format("ESP8266 simulator (%s, %s flash, MAC %02x:%02x:%02x:%02x:%02x:%02x, %s timing%s) on %s,"
        + " linked from %s", config.esp8285() ? "ESP8285" : "ESP8266EX", sizeText(config.flashSize()),
        m[0], m[1], m[2], m[3], m[4], m[5], config.timing().name().toLowerCase(),
        config.faultRate() > 0 ? ", fault rate " + config.faultRate() : "", portPath, link);
  }

  private static String sizeText(long bytes) {
    return bytes >= (1 << 20) ? (bytes >> 20) + "MB" : (bytes >> 10) + "KB";
  }

  /** Blocks until the simulator stops (closed, or its line went away). */
  public void awaitClosed() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    uart.close();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (link != null && Files.isSymbolicLink(link)
          && Files.readSymbolicLink(link).toString().equals(portPath)) {
        Files.delete(link);
      }
    } finally {
      flash.close();
    }
  }
}
