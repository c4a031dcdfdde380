package dev.scribe.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.Tier;
import org.junit.jupiter.api.Test;

/** The bridge to core's package-private members is core's own implementation, installed once. */
class CoreAccessTest {

  @Test
  void getInstallsCoresImplementationOnce() {
    CoreAccess access = CoreAccess.get();

    assertThat(access.getClass().getName()).isEqualTo("dev.scribe.core.InternalAccess");
    assertThat(CoreAccess.get()).isSameAs(access);
    assertThatThrownBy(() -> CoreAccess.install(access)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void itReadsAndWritesWhatCoreKeepsPackagePrivate() {
    CoreAccess access = CoreAccess.get();
    Tier tier = Tier.builder("probe").events("preCreate").handlerPrefixes("pre").build();

    assertThat(access.index(tier.event("preCreate"))).isZero();
    assertThat(access.closest(tier, "preCreat")).isEqualTo("preCreate");
    assertThat(access.looksLikeHandler(tier, "preUpdate")).isTrue();
    assertThat(access.noSuchEvent(tier, "preCreat")).contains("did you mean preCreate?");
  }
}
