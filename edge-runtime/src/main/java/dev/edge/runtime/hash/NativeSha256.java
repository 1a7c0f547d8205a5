package dev.edge.runtime.hash;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * SHA-256 computed by OpenSSL. Layers are hashed twice per pull (compressed and uncompressed):
 * the JDK's Java code is only fast once C2 has compiled it, and the daemon runs C1 to stay
 * small, while OpenSSL has hand-written code for x86 (SHA-NI) and ARM (NEON, ARMv8 crypto).
 */
final class NativeSha256 extends MessageDigest {
  /** Bytes handed to OpenSSL per call; large enough that JNA's call cost disappears. */
  private static final int CHUNK = 64 * 1024;
  private static final int DIGEST_LENGTH = 32;
  private static final Cleaner CLEANER = Cleaner.create();

  private final Context context;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);

  NativeSha256() {
    super("SHA-256");
    this.context = new Context(LibCrypto.EVP_MD_CTX_new());
    if (context.ctx == null) {
      throw new IllegalStateException("OpenSSL could not allocate a digest context");
    }
    CLEANER.register(this, context);
    init();
  }

  /** Frees the OpenSSL context when the digest is collected; holds no reference to it. */
  private static final class Context implements Runnable {
    private final Pointer ctx;

    Context(Pointer ctx) {
      this.ctx = ctx;
    }

    @Override
    public void run() {
      LibCrypto.EVP_MD_CTX_free(ctx);
    }
  }

  /** Clears the context (re-initialising alone keeps the old state) and starts over. */
  private void init() {
    if (LibCrypto.EVP_MD_CTX_reset(context.ctx) != 1
        || LibCrypto.EVP_DigestInit_ex(context.ctx, LibCrypto.EVP_sha256(), null) != 1) {
      throw new IllegalStateException("OpenSSL EVP_DigestInit_ex(sha256) failed");
    }
  }

  @Override
  protected void engineUpdate(byte input) {
    engineUpdate(new byte[] {input}, 0, 1);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      buffer.clear();
      buffer.put(input, offset, n);
      feed(n);
      offset += n;
      len -= n;
    }
  }

  @Override
  protected void engineUpdate(ByteBuffer input) {
    while (input.hasRemaining()) {
      int n = Math.min(input.remaining(), CHUNK);
      buffer.clear();
      ByteBuffer slice = input.slice();
      slice.limit(n);
      buffer.put(slice);
      input.position(input.position() + n);
      feed(n);
    }
  }

  /** JNA passes a direct buffer from its position, hence the flip back to 0. */
  private void feed(int n) {
    buffer.flip();
    if (LibCrypto.EVP_DigestUpdate(context.ctx, buffer, new NativeLong(n)) != 1) {
      throw new IllegalStateException("OpenSSL EVP_DigestUpdate failed");
    }
  }

  @Override
  protected byte[] engineDigest() {
    byte[] out = new byte[DIGEST_LENGTH];
    if (LibCrypto.EVP_DigestFinal_ex(context.ctx, out, null) != 1) {
      throw new IllegalStateException("OpenSSL EVP_DigestFinal_ex failed");
    }
    init(); // a MessageDigest is reusable after digest()
    return out;
  }

  @Override
  protected int engineGetDigestLength() {
    return DIGEST_LENGTH;
  }

  @Override
  protected void engineReset() {
    init();
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    throw new CloneNotSupportedException("OpenSSL digest contexts are not cloned here");
  }
}
