package dev.edge.runtime.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The libc calls that make and remove a named network namespace, bound through JNA. */
interface NetnsSyscalls extends Library {
  NetnsSyscalls LIBC = Native.load("c", NetnsSyscalls.class);

  int CLONE_NEWNET = 0x40000000;
  int O_RDONLY = 0;
  int O_CLOEXEC = 02000000;
  long MS_BIND = 4096;
  long MS_REC = 16384;
  long MS_SHARED = 1 << 20;
  int MNT_DETACH = 2;
  int ENOENT = 2;
  int EINVAL = 22;

  int open(String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  int unshare(int flags) throws LastErrorException;

  int setns(int fd, int nstype) throws LastErrorException;

  int mount(String source, String target, String fstype, NativeLong flags, Pointer data)
      throws LastErrorException;

  int umount2(String target, int flags) throws LastErrorException;

  /** The message of an errno, e.g. {@code Operation not permitted}. */
  String strerror(int errno);
}
