package dev.edge.runtime.build.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.edge.runtime.build.dockerfile.AddInstruction;
import dev.edge.runtime.build.dockerfile.ArgInstruction;
import dev.edge.runtime.build.dockerfile.CmdInstruction;
import dev.edge.runtime.build.dockerfile.CopyInstruction;
import dev.edge.runtime.build.dockerfile.EntrypointInstruction;
import dev.edge.runtime.build.dockerfile.EnvInstruction;
import dev.edge.runtime.build.dockerfile.ExposeInstruction;
import dev.edge.runtime.build.dockerfile.HealthcheckInstruction;
import dev.edge.runtime.build.dockerfile.Instruction;
import dev.edge.runtime.build.dockerfile.KeyValue;
import dev.edge.runtime.build.dockerfile.LabelInstruction;
import dev.edge.runtime.build.dockerfile.MaintainerInstruction;
import dev.edge.runtime.build.dockerfile.OnbuildInstruction;
import dev.edge.runtime.build.dockerfile.RunInstruction;
import dev.edge.runtime.build.dockerfile.ShellInstruction;
import dev.edge.runtime.build.dockerfile.StopSignalInstruction;
import dev.edge.runtime.build.dockerfile.UserInstruction;
import dev.edge.runtime.build.dockerfile.VolumeInstruction;
import dev.edge.runtime.build.dockerfile.WorkdirInstruction;
import dev.edge.runtime.image.Digest;
import dev.edge.runtime.json.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code created_by} text of an image history entry, in the classic builder's style that
 * {@code docker history} users know: {@code /bin/sh -c make} for RUN (prefixed {@code |N K=V}
 * when build arguments are in use) and {@code /bin/sh -c #(nop) WORKDIR /project} for the rest.
 */
public final class HistoryText {
  private static final String NOP = "#(nop) ";

  private HistoryText() {}

  /**
   * @param runArgs the ARGs in RUN's environment; ignored for other instructions
   * @param sources the COPY/ADD source digest, or null
   */
  public static String of(Instruction expanded, List<String> shell, Map<String, String> runArgs,
      Digest sources) {
    if (expanded instanceof RunInstruction run) {
      String prefix = runArgs.isEmpty() ? "" : "|" + runArgs.size() + " "
          + runArgs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(" ")) + " ";
      return prefix + String.join(" ", run.command().argv(shell));
    }
    return String.join(" ", shell) + " " + NOP + describe(expanded, sources);
  }

  static String describe(Instruction i, Digest sources) {
    String hash = sources == null ? "" : sources.hex();
    if (i instanceof CopyInstruction c) {
      return "COPY " + (c.from() != null ? "--from=" + c.from() + " " : "") + "dir:" + hash
          + " in " + c.destination() + " ";
    } else if (i instanceof AddInstruction a) {
      return "ADD dir:" + hash + " in " + a.destination() + " ";
    } else if (i instanceof EnvInstruction e) {
      return "ENV " + pairs(e.pairs());
    } else if (i instanceof LabelInstruction l) {
      return "LABEL " + pairs(l.pairs());
    } else if (i instanceof ArgInstruction a) {
      return "ARG " + a.declarations().stream().map(d -> d.defaultValue() == null ? d.name()
          : d.name() + "=" + d.defaultValue()).collect(Collectors.joining(" "));
    } else if (i instanceof WorkdirInstruction w) {
      return "WORKDIR " + w.path();
    } else if (i instanceof UserInstruction u) {
      return "USER " + u.user();
    } else if (i instanceof CmdInstruction c) {
      return "CMD " + json(c.command().args());
    } else if (i instanceof EntrypointInstruction e) {
      return "ENTRYPOINT " + json(e.command().args());
    } else if (i instanceof ExposeInstruction x) {
      return "EXPOSE " + String.join(" ", x.ports());
    } else if (i instanceof VolumeInstruction v) {
      return "VOLUME " + json(v.paths());
    } else if (i instanceof ShellInstruction s) {
      return "SHELL " + json(s.shell());
    } else if (i instanceof StopSignalInstruction s) {
      return "STOPSIGNAL " + s.signal();
    } else if (i instanceof HealthcheckInstruction h) {
      return "HEALTHCHECK " + json(h.test());
    } else if (i instanceof MaintainerInstruction m) {
      return "MAINTAINER " + m.name();
    } else if (i instanceof OnbuildInstruction o) {
      return "ONBUILD " + o.trigger();
    }
    return i.keyword();
  }

  private static String pairs(List<KeyValue> pairs) {
    return pairs.stream().map(p -> p.key() + "=" + p.value()).collect(Collectors.joining(" "));
  }

  private static String json(List<String> values) {
    try {
      return Json.mapper().writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
