package dev.edge.cli.fleet;

import dev.edge.agent.fleet.FleetKeys;
import dev.edge.cli.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edge fleet keygen --out PREFIX}: a new Ed25519 fleet key, {@code PREFIX.key} (0600) and
 * {@code PREFIX.pub}. Never replaces a key: gateways that trust it would refuse every job signed by another.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Create the Ed25519 key that signs fleet jobs.",
        "Writes PREFIX.key (private, mode 0600) and PREFIX.pub (to install on gateways); never over an existing key."})
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "PREFIX", required = true,
      description = "Where to write the key: PREFIX.key and PREFIX.pub")
  Path out;

  @Override
  public Integer call() {
    Path key = Path.of(out + ".key").toAbsolutePath().normalize();
    Path pub = Path.of(out + ".pub").toAbsolutePath().normalize();
    for (Path existing : new Path[] {key, pub}) {
      if (Files.exists(existing)) {
        throw new UserException("keygen: " + existing + " exists; a fleet key is never replaced (gateways trusting"
            + " it would refuse jobs signed by a new one): choose another --out, or move the old key away first");
      }
    }
    KeyPair pair = FleetKeys.generate();
    try {
      FleetKeys.write(pair, out);
    } catch (FileAlreadyExistsException e) {
      throw new UserException("keygen: " + key + " exists; a fleet key is never replaced");
    } catch (NoSuchFileException e) {
      throw new UserException("keygen: " + key.getParent() + ": no such directory");
    } catch (IOException e) {
      throw new UserException("keygen: " + e.getMessage());
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println("key id:      " + FleetKeys.keyId(pair.getPublic()));
    w.println("private key: " + key + " (keep it secret; it signs jobs)");
    w.println("public key:  " + pub + " (install it on the gateways)");
    return 0;
  }
}
