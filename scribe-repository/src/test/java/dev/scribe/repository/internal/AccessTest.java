package dev.scribe.repository.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.UsageException;
import dev.scribe.repository.CallOptions;
import org.junit.jupiter.api.Test;

/** The access classes are installed by the repository package alone, whichever is touched first. */
class AccessTest {
  @Test
  void trustedParamsAreMarkedAndReadThroughTheAccessClass() {
    CallOptions trusted = CallOptionsAccess.trustParams(CallOptions.builder().path("tasks.store")).build();

    assertThat(CallOptionsAccess.trustedParams(trusted)).isTrue();
    assertThat(CallOptionsAccess.trustedParams(trusted.toBuilder().build())).isTrue();
    assertThat(CallOptionsAccess.trustedParams(CallOptions.none())).isFalse();
  }

  @Test
  void aSecondInstallIsRefused() {
    ValueAccess.rowScope(); // loads the installer

    assertThatThrownBy(() -> StoreAccess.install(store -> null)).isInstanceOf(UsageException.class)
        .hasMessageContaining("StoreAccess is installed by the repository tier itself");
    assertThatThrownBy(() -> UnitAccess.install(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> RepositoryAccess.install(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> ValueAccess.install(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> CallOptionsAccess.install(null)).isInstanceOf(UsageException.class);
  }

  @Test
  void anImplementationFromOutsideTheRepositoryPackageIsRefused() {
    assertThatThrownBy(() -> StoreAccess.install(store -> null)).isInstanceOf(UsageException.class)
        .hasMessageContaining("from dev.scribe.repository; an implementation from elsewhere is refused");
  }
}
