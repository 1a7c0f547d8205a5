package dev.edge.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's tmpfs defaults and merge rule: the later of two options for one thing wins. */
class TmpfsOptionsTest {
  @Test
  void theDefaultsAreNoexecNosuidNodevPrivate() {
    assertEquals(List.of("noexec", "nosuid", "nodev", "rprivate"),
        TmpfsOptions.withDefaults(""));
  }

  @Test
  void userOptionsOverrideTheDefaultsOfTheSameFlag() {
    assertEquals(List.of("nosuid", "nodev", "rprivate", "exec", "size=64m", "mode=1777"),
        TmpfsOptions.withDefaults("exec,size=32m,size=64m,mode=1777"));
  }

  @Test
  void anOptionTmpfsDoesNotTakeIsRefused() {
    assertEquals("invalid tmpfs option \"bogus\"", assertThrows(ContainerSpecException.class,
        () -> TmpfsOptions.withDefaults("bogus")).getMessage());
    assertThrows(ContainerSpecException.class, () -> TmpfsOptions.withDefaults("colour=red"));
  }

  @Test
  void mountApiSizesGetTheLargestExactUnit() {
    assertEquals("size=1g,mode=700,ro", TmpfsOptions.fromApi(1L << 30, 0700, true));
    assertEquals("size=3m", TmpfsOptions.fromApi(3L << 20, null, false));
    assertEquals("size=1000", TmpfsOptions.fromApi(1000L, 0, false));
    assertThrows(ContainerSpecException.class, () -> TmpfsOptions.fromApi(-1L, 0, false));
  }
}
