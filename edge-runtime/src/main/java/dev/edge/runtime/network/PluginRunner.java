package dev.edge.runtime.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Executes one CNI plugin binary: the CNI_* environment and the configuration on stdin. */
interface PluginRunner {
  HostProcess.Output run(Path plugin, Map<String, String> env, byte[] stdin) throws IOException;
}
