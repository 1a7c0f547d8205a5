package dev.edge.agent.boards;

import dev.edge.hal.board.BoardDiscovery;
import dev.edge.hal.board.BoardPort;
import dev.edge.runtime.api.ApiException;
import dev.edge.runtime.api.ApiExchange;
import dev.edge.runtime.api.ApiModule;
import dev.edge.runtime.api.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /edge/v1/boards}: the serial ports the daemon can flash through, read fresh from sysfs on every call
 * (a listing is one directory scan, cheaper than keeping a cache right).
 */
public final class BoardListApi implements ApiModule {

  public static final String PATH = "/edge/v1/boards";

  private final BoardDiscovery discovery;

  public BoardListApi(BoardDiscovery discovery) {
    this.discovery = discovery;
  }

  @Override
  public void register(Router router) {
    router.get(PATH, this::list);
  }

  private void list(ApiExchange exchange) throws IOException {
    List<BoardPort> ports;
    try {
      ports = discovery.list();
    } catch (IOException e) {
      throw new ApiException(500, "list boards: reading sysfs failed: " + e.getMessage(), e);
    }
    List<Map<String, Object>> body = ports.stream().map(BoardListJson::of).toList();
    exchange.json(200, body);
  }
}
