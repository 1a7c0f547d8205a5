package dev.edge.hal.sim;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The simulated SPI NOR flash: erase sets 4 KiB sectors (or 64 KiB blocks) to 0xFF, programming can only clear
 * bits (new = old AND data), exactly why writing without erasing corrupts. Optionally persisted in a file.
 */
public final class SimFlash implements AutoCloseable {
  public static final int SECTOR = 0x1000;
  public static final int BLOCK = 0x10000;

  private final long size;
  private final ByteBuffer data;
  private final RandomAccessFile file;

  private SimFlash(long size, ByteBuffer data, RandomAccessFile file) {
    this.size = size;
    this.data = data;
    this.file = file;
  }

  public static SimFlash inMemory(long size) {
    byte[] bytes = new byte[Math.toIntExact(size)];
    Arrays.fill(bytes, (byte) 0xFF);
    return new SimFlash(size, ByteBuffer.wrap(bytes), null);
  }

  /** Opens or creates {@code path}; a new (or empty) file becomes {@code size} bytes of 0xFF. */
  public static SimFlash persistent(Path path, long size) throws IOException {
    boolean fresh = !Files.exists(path) || Files.size(path) == 0;
    if (!fresh && Files.size(path) != size) {
      throw new IOException("flash file " + path + " holds " + Files.size(path) + " bytes, but the flash size"
          + " is " + size + " (use --flash-size " + (Files.size(path) >> 10) + "KB or a new file)");
    }
    RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
    try {
      FileChannel ch = raf.getChannel();
      if (fresh) {
        byte[] erased = new byte[BLOCK];
        Arrays.fill(erased, (byte) 0xFF);
        for (long pos = 0; pos < size; pos += erased.length) {
          ch.write(ByteBuffer.wrap(erased), pos);
        }
      }
      MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
      return new SimFlash(size, map, raf);
    } catch (IOException | RuntimeException e) {
      raf.close();
      throw e;
    }
  }

  public long size() {
    return size;
  }

  /** Erases the sector with this index; addresses past the end wrap, as a NOR chip ignores high bits. */
  public synchronized void eraseSector(long sector) {
    fill(Math.floorMod(sector * SECTOR, size), SECTOR);
  }

  public synchronized void eraseBlock(long block) {
    fill(Math.floorMod(block * BLOCK, size), BLOCK);
  }

  private void fill(long start, int len) {
    for (int i = 0; i < len; i++) {
      data.put((int) (start + i), (byte) 0xFF);
    }
  }

  /** Page-program semantics: each byte becomes old AND new. */
  public synchronized void program(long offset, byte[] bytes, int from, int len) {
    for (int i = 0; i < len; i++) {
      int at = (int) Math.floorMod(offset + i, size);
      data.put(at, (byte) (data.get(at) & bytes[from + i]));
    }
  }

  public synchronized byte[] read(long offset, int len) {
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) {
      out[i] = data.get((int) Math.floorMod(offset + i, size));
    }
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    if (file != null) {
      ((MappedByteBuffer) data).force();
      file.close();
    }
  }
}
