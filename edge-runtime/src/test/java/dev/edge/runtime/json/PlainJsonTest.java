package dev.edge.runtime.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlainJsonTest {
  @Test
  void writesWhatTheMapperWritesForTheSameTree() throws Exception {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("ID", "0d7c…\"quoted\"\n\u0001");
    tree.put("Containers", 3);
    tree.put("MemTotal", 8_000_000_000L);
    tree.put("Load", 0.25);
    tree.put("Ratio", 1.5f);
    tree.put("Small", (short) 7);
    tree.put("Flag", true);
    tree.put("Missing", null);
    tree.put("Empty", List.of());
    tree.put("Nested", Map.of("Volume", List.of("local"), "Deeper", Map.of("x", false)));
    List<Object> mixed = new ArrayList<>();
    mixed.add(null);
    mixed.add("a");
    mixed.add(Set.of(1));
    tree.put("Mixed", mixed);
    tree.put("Builder", new StringBuilder("sb"));
    tree.put("Escapes", "\b\t\n\f\r\\/\u001f\u007f é ✓ \uD83D\uDE00");
    tree.put("Doubles", List.of(1e300, -0.0, 0.1f, 3.4028235e38f, Double.NaN,
        Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 12.0));
    tree.put("Longs", List.of(Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE, (byte) -3));

    assertTrue(PlainJson.isPlain(tree));
    assertArrayEquals(Json.mapper().writeValueAsBytes(tree), PlainJson.bytes(tree));
  }

  @Test
  void anythingElseIsNotPlainAndIsRefused() {
    record Point(int x, int y) {}
    assertFalse(PlainJson.isPlain(new Point(1, 2)));
    assertFalse(PlainJson.isPlain(Map.of("p", Path.of("/x"))));
    assertFalse(PlainJson.isPlain(List.of(Optional.empty())));
    assertFalse(PlainJson.isPlain(Map.of(1, "non-string key")));
    assertThrows(IllegalArgumentException.class, () -> PlainJson.bytes(Map.of("p", new Point(1, 2))));
  }
}
