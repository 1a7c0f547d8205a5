package dev.edge.runtime.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.util.List;

/** Binds a class's static native methods (JNA direct mapping) to an optional system library. */
public final class NativeLibraries {
  private NativeLibraries() {}

  /**
   * Registers {@code bindings} against the first of {@code names} that loads: Debian ships the
   * versioned file names, and the unversioned -dev symlink is rarely installed.
   *
   * @return null when bound, else why the last name failed (the caller falls back without it)
   */
  public static Throwable register(Class<?> bindings, List<String> names) {
    Throwable last = null;
    for (String name : names) {
      try {
        Native.register(bindings, NativeLibrary.getInstance(name));
        return null;
      } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
        last = e;
      }
    }
    return last;
  }
}
