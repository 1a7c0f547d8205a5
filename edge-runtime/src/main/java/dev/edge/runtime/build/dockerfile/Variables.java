package dev.edge.runtime.build.dockerfile;

import java.util.Map;

/** The variables in scope for one instruction's expansion; null means unset (not empty). */
@FunctionalInterface
public interface Variables {
  String get(String name);

  static Variables none() {
    return name -> null;
  }

  static Variables of(Map<String, String> values) {
    return values::get;
  }
}
