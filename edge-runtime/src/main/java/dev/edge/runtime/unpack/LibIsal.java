package dev.edge.runtime.unpack;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import dev.edge.runtime.jna.NativeLibraries;
import java.util.List;

/**
 * ISA-L's streaming inflate (Debian's libisal2), bound directly through JNA, and where the
 * fields edge reads and writes lie in its {@code struct inflate_state}.
 */
final class LibIsal {
  /** The -dev symlink is rarely installed; libisal2 ships the versioned name. */
  private static final List<String> NAMES = List.of("isal", "libisal.so.2");
  static final int ISAL_GZIP = 1;
  static final int ISAL_BLOCK_FINISH = 5;
  private static final Throwable UNAVAILABLE = NativeLibraries.register(LibIsal.class, NAMES);

  /** Offsets into struct inflate_state for this platform, laid out by JNA from the header. */
  static final int NEXT_OUT;
  static final int AVAIL_OUT;
  static final int NEXT_IN;
  static final int AVAIL_IN;
  static final int BLOCK_STATE;
  static final int CRC_FLAG;
  static final int STATE_SIZE;

  static {
    InflateState layout = new InflateState();
    NEXT_OUT = layout.offset("next_out");
    AVAIL_OUT = layout.offset("avail_out");
    NEXT_IN = layout.offset("next_in");
    AVAIL_IN = layout.offset("avail_in");
    BLOCK_STATE = layout.offset("block_state");
    CRC_FLAG = layout.offset("crc_flag");
    STATE_SIZE = layout.size();
  }

  private LibIsal() {}

  static boolean available() {
    return UNAVAILABLE == null;
  }

  static Throwable unavailableReason() {
    return UNAVAILABLE;
  }

  static native void isal_inflate_init(Pointer state);

  static native void isal_inflate_reset(Pointer state);

  static native int isal_inflate(Pointer state);

  /**
   * {@code struct inflate_state} of igzip_lib.h (ISA-L 2.x, libisal.so.2), field for field. Used
   * only for its layout: the calls pass raw memory, since syncing 87 KB per call would cost more
   * than the inflate. The two Huffman tables are flattened; their members keep the alignment.
   */
  @Structure.FieldOrder({"next_out", "avail_out", "total_out", "next_in", "read_in", "avail_in",
      "read_in_length", "lit_short_code_lookup", "lit_long_code_lookup",
      "dist_short_code_lookup", "dist_long_code_lookup", "block_state", "dict_length", "bfinal",
      "crc_flag", "crc", "hist_bits", "type0_block_len", "write_overflow_lits",
      "write_overflow_len", "copy_overflow_length", "copy_overflow_distance", "wrapper_flag",
      "tmp_in_size", "tmp_out_valid", "tmp_out_processed", "tmp_in_buffer", "tmp_out_buffer"})
  public static final class InflateState extends Structure {
    private static final int DECODE_LONG_BITS = 12;
    private static final int DECODE_SHORT_BITS = 10;
    private static final int HUFF_CODE_LARGE_LONG_ALIGNED = 1264;
    private static final int HUFF_CODE_SMALL_LONG_ALIGNED = 80;
    private static final int MAX_HDR_SIZE = 328;
    private static final int HIST_SIZE = 32 * 1024;
    private static final int LOOK_AHEAD = 288;

    public Pointer next_out;
    public int avail_out;
    public int total_out;
    public Pointer next_in;
    public long read_in;
    public int avail_in;
    public int read_in_length;
    public int[] lit_short_code_lookup = new int[1 << DECODE_LONG_BITS];
    public short[] lit_long_code_lookup = new short[HUFF_CODE_LARGE_LONG_ALIGNED];
    public short[] dist_short_code_lookup = new short[1 << DECODE_SHORT_BITS];
    public short[] dist_long_code_lookup = new short[HUFF_CODE_SMALL_LONG_ALIGNED];
    public int block_state;
    public int dict_length;
    public int bfinal;
    public int crc_flag;
    public int crc;
    public int hist_bits;
    public int type0_block_len;
    public int write_overflow_lits;
    public int write_overflow_len;
    public int copy_overflow_length;
    public int copy_overflow_distance;
    public short wrapper_flag;
    public short tmp_in_size;
    public int tmp_out_valid;
    public int tmp_out_processed;
    public byte[] tmp_in_buffer = new byte[MAX_HDR_SIZE];
    public byte[] tmp_out_buffer = new byte[2 * HIST_SIZE + LOOK_AHEAD];

    int offset(String field) {
      return fieldOffset(field);
    }
  }
}
