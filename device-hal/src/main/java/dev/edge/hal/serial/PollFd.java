package dev.edge.hal.serial;

import com.sun.jna.Structure;

/** {@code struct pollfd}. */
@Structure.FieldOrder({"fd", "events", "revents"})
public class PollFd extends Structure {
  public int fd;
  public short events;
  public short revents;

  PollFd(int fd, short events) {
    this.fd = fd;
    this.events = events;
  }

  public PollFd() {
  }
}
