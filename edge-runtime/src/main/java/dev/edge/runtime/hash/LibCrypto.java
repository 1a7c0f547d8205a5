package dev.edge.runtime.hash;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.edge.runtime.jna.NativeLibraries;
import java.nio.ByteBuffer;
import java.util.List;

/** The few OpenSSL libcrypto calls edge uses (EVP digests), bound directly through JNA. */
final class LibCrypto {
  /** libcrypto's names across Debian releases: the -dev symlink is rarely installed. */
  private static final List<String> NAMES = List.of("crypto", "libcrypto.so.3", "libcrypto.so.1.1");
  private static final Throwable UNAVAILABLE = NativeLibraries.register(LibCrypto.class, NAMES);

  private LibCrypto() {}

  static boolean available() {
    return UNAVAILABLE == null;
  }

  static Throwable unavailableReason() {
    return UNAVAILABLE;
  }

  static native Pointer EVP_MD_CTX_new();

  static native void EVP_MD_CTX_free(Pointer ctx);

  static native int EVP_MD_CTX_reset(Pointer ctx);

  static native Pointer EVP_sha256();

  static native int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

  static native int EVP_DigestUpdate(Pointer ctx, ByteBuffer data, NativeLong count);

  static native int EVP_DigestFinal_ex(Pointer ctx, byte[] md, Pointer size);
}
