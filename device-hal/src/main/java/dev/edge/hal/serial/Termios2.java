package dev.edge.hal.serial;

import com.sun.jna.Structure;

/** Linux {@code struct termios2}: lets any baud rate be set through {@code BOTHER}. */
@Structure.FieldOrder({"c_iflag", "c_oflag", "c_cflag", "c_lflag", "c_line", "c_cc", "c_ispeed", "c_ospeed"})
public class Termios2 extends Structure {
  private static final int CBAUD = 0010017;
  private static final int BOTHER = 0010000;
  private static final int IBSHIFT = 16;
  private static final int CSIZE = 0000060;
  private static final int CS8 = 0000060;
  private static final int CSTOPB = 0000100;
  private static final int CREAD = 0000200;
  private static final int PARENB = 0000400;
  private static final int CLOCAL = 0004000;
  private static final int CRTSCTS = 020000000000;
  private static final int OPOST = 0000001;
  private static final int ECHO = 0000010;
  private static final int ECHONL = 0000100;
  private static final int ICANON = 0000002;
  private static final int ISIG = 0000001;
  private static final int IEXTEN = 0100000;
  private static final int VTIME = 5;
  private static final int VMIN = 6;

  public int c_iflag;
  public int c_oflag;
  public int c_cflag;
  public int c_lflag;
  public byte c_line;
  public byte[] c_cc = new byte[19];
  public int c_ispeed;
  public int c_ospeed;

  /** Raw 8N1, no flow control, no echo or line editing; input and output flags cleared as cfmakeraw does. */
  void makeRaw() {
    c_iflag = 0;
    c_oflag &= ~OPOST;
    c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS);
    c_cflag |= CS8 | CREAD | CLOCAL;
    c_cc[VMIN] = 1;
    c_cc[VTIME] = 0;
  }

  void setBaud(int baud) {
    c_cflag &= ~(CBAUD | (CBAUD << IBSHIFT));
    c_cflag |= BOTHER | (BOTHER << IBSHIFT);
    c_ispeed = baud;
    c_ospeed = baud;
  }
}
