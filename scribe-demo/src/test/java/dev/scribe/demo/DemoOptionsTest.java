package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void defaultsToPort8080AndTheFileDatabaseUnderData() {
    DemoOptions options = DemoOptions.parse(List.of());

    assertThat(options).isEqualTo(new DemoOptions(8080, Path.of("data", "scribe-demo"), false, false, false));
  }

  @Test
  void readsEveryFlag() {
    DemoOptions options = DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--trace", "--list-events"));

    assertThat(options).isEqualTo(new DemoOptions(0, null, true, true, false));
  }

  @Test
  void readsTheAdminPassword() {
    assertThat(DemoOptions.parse(List.of("--admin-password", "a secret of mine")).adminPassword()).isEqualTo("a secret of mine");
    assertThat(DemoOptions.parse(List.of()).adminPassword()).isNull();
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--admin-password"))).hasMessage("--admin-password needs a value");
  }

  @Test
  void aFileDatabasePathIsKept() {
    assertThat(DemoOptions.parse(List.of("--db", "/tmp/x/db")).database()).isEqualTo(Path.of("/tmp/x/db"));
  }

  @Test
  void rejectsUnknownFlagsAndBadValuesNamingTheFlag() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--prot", "1"))).hasMessage("unknown flag '--prot'");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port"))).hasMessage("--port needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "http"))).hasMessage("--port must be a number, not 'http'");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "70000")))
        .hasMessage("--port must be between 0 and 65535, not 70000");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "--trace"))).hasMessage("--db needs a value");
  }

  @Test
  void listensOnLoopbackUnlessBindSaysOtherwise() {
    assertThat(DemoOptions.parse(List.of()).bind()).isEqualTo("127.0.0.1");
    assertThat(DemoOptions.parse(List.of("--bind", "0.0.0.0")).bind()).isEqualTo("0.0.0.0");
    assertThat(DemoOptions.parse(List.of("--bind", "[::1]")).bind()).isEqualTo("::1");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--bind"))).hasMessage("--bind needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--bind", "a b")))
        .hasMessage("--bind must be an IP address or host name such as 127.0.0.1 or 0.0.0.0, not 'a b'");
  }
}
