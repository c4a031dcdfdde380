package dev.scribe.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.UsageException;
import org.junit.jupiter.api.Test;

class ControllerAccessTest {

  @Test
  void theRootIsInstalledByTheControllerPackageOnFirstUse() {
    ControllerAccess.Root root = ControllerAccess.root();
    assertThat(root).isNotNull();
    assertThat(root.getClass().getName()).isEqualTo("dev.scribe.controller.InternalAccess");
    assertThat(ControllerAccess.root()).isSameAs(root);
  }

  @Test
  void aSecondInstallIsRefused() {
    ControllerAccess.Root root = ControllerAccess.root();
    assertThatThrownBy(() -> ControllerAccess.install(root))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("cannot be installed again");
    assertThat(ControllerAccess.root()).isSameAs(root);
  }

  @Test
  void anImplementationFromOutsideTheControllerPackageIsRefused() {
    ControllerAccess.Root root = ControllerAccess.root();
    ControllerAccess.Root foreign = (ControllerAccess.Root) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ControllerAccess.Root.class}, (proxy, method, args) -> null);

    assertThatThrownBy(() -> ControllerAccess.install(foreign))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is installed by dev.scribe.controller.InternalAccess only");
    assertThat(ControllerAccess.root()).isSameAs(root);
  }
}
