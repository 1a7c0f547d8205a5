import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Package-time step (run by edge-cli's pom, not shipped): rewrites a jar's class files older than
 * Java 6 as Java 8 class files with stack-map frames computed by ASM. The bytecode is unchanged.
 *
 * <p>Why: picocli 4.7.7 ships Java 5 class files. HotSpot's CDS cannot archive those (they
 * need the old inference verifier), so every `edge` command loaded and verified picocli's ~170
 * classes from the jar, ~100 ms of a 0.3 s start. Upgraded, they go into the AppCDS archive.
 *
 * <p>Usage: {@code java -cp asm.jar UpgradeClassFiles JAR...}; each jar is replaced in place.
 */
public final class UpgradeClassFiles {
  private UpgradeClassFiles() {}

  public static void main(String[] args) throws IOException {
    for (String arg : args) {
      Path jar = Path.of(arg);
      Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgraded");
      int count = upgrade(jar, upgraded);
      Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING);
      System.out.println("UpgradeClassFiles: " + jar.getFileName() + ": " + count
          + " class files rewritten as Java 8 with stack-map frames");
    }
  }

  private static int upgrade(Path in, Path out) throws IOException {
    int count = 0;
    // The frames' common supertypes are looked up among the jar's own classes and the JDK's.
    try (URLClassLoader classes = new URLClassLoader(new URL[] {in.toUri().toURL()});
        ZipInputStream zin = new ZipInputStream(Files.newInputStream(in));
        ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(out))) {
      for (ZipEntry entry; (entry = zin.getNextEntry()) != null; ) {
        byte[] data = zin.readAllBytes();
        if (entry.getName().endsWith(".class") && majorVersion(data) < Opcodes.V1_6) {
          data = upgradeClass(data, classes);
          count++;
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        zout.putNextEntry(copy);
        zout.write(data);
        zout.closeEntry();
      }
    }
    return count;
  }

  private static int majorVersion(byte[] classFile) {
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  private static byte[] upgradeClass(byte[] data, ClassLoader classes) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return classes;
      }
    };
    new ClassReader(data).accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }
}
