package dev.edge.hal.serial;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/** The few libc calls the serial layer needs, bound through JNA (no native code of our own). */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  int open(String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

  NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

  int poll(PollFd fd, int nfds, int timeoutMillis) throws LastErrorException;

  int ioctl(int fd, NativeLong request, Termios2 termios) throws LastErrorException;

  int ioctl(int fd, NativeLong request, IntByReference value) throws LastErrorException;

  int ioctl(int fd, NativeLong request, int value) throws LastErrorException;

  int fcntl(int fd, int command, int argument) throws LastErrorException;

  int posix_openpt(int flags) throws LastErrorException;

  int grantpt(int fd) throws LastErrorException;

  int unlockpt(int fd) throws LastErrorException;

  int ptsname_r(int fd, byte[] buffer, NativeLong length) throws LastErrorException;
}
