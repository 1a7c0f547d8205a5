package dev.edge.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void versionPrefixesWithinRangeAreStripped() {
    assertEquals("/info", ApiVersion.stripPrefix("/v1.41/info"));
    assertEquals("/images/x/json", ApiVersion.stripPrefix("/v1.24/images/x/json"));
    assertEquals("/info", ApiVersion.stripPrefix("/v" + ApiVersion.CURRENT + "/info"));
    assertEquals("/info", ApiVersion.stripPrefix("/info"));
  }

  @Test
  void tooNewAndTooOldVersionsAreBadRequests() {
    ApiException tooNew = assertThrows(ApiException.class,
        () -> ApiVersion.stripPrefix("/v1.99/info"));
    assertEquals(400, tooNew.status());
    assertTrue(tooNew.getMessage().contains("too new"), tooNew.getMessage());
    ApiException tooOld = assertThrows(ApiException.class,
        () -> ApiVersion.stripPrefix("/v1.12/info"));
    assertTrue(tooOld.getMessage().contains("too old"), tooOld.getMessage());
  }

  @Test
  void versionsCompareNumericallyNotAsText() {
    assertTrue(ApiVersion.compare("1.9", "1.10") < 0);
    assertTrue(ApiVersion.compare("2.0", "1.44") > 0);
  }
}
