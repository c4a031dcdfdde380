package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void anH2PathNamesTheFileWithOrWithoutItsSuffixAndNeverADirectory(@TempDir Path directory) {
    assertThat(DemoOptions.parse(List.of("--db", "/tmp/x/db.mv.db")).database()).isEqualTo(Path.of("/tmp/x/db"));
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "")))
        .hasMessage("--db needs an H2 file path, mem, or a PostgreSQL URL, not an empty value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", " ")))
        .hasMessage("--db needs an H2 file path, mem, or a PostgreSQL URL, not an empty value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", directory.toString())))
        .hasMessage("--db '" + directory + "' names a directory; give the database's file path without its suffix,"
            + " such as " + directory.resolve("scribe-demo") + " (the file is then " + directory.resolve("scribe-demo")
            + ".mv.db)");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "data/"))).hasMessageContaining("names a directory");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", ".mv.db"))).hasMessageContaining("names a directory");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "a\u0000b"))).hasMessageStartingWith("--db 'a\u0000b' is not a file path");
  }

  @Test
  void aUrlThatIsNotAJdbcUrlIsRefusedRatherThanTakenForAFilePath() {
    // it was a new H2 file under ./postgresql:/127.0.0.1:5432/, and the demo ran on it without a word
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "postgresql://127.0.0.1:5432/test")))
        .hasMessage("--db 'postgresql://127.0.0.1:5432/test' is a URL, not a file path; for PostgreSQL give its JDBC URL"
            + " (jdbc:postgresql://127.0.0.1:5432/test)");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "postgres://u:p@db/test")))
        .hasMessageStartingWith("--db 'postgres://u:***@db/test' is a URL, not a file path");
  }

  @Test
  void anH2PathWithASemicolonIsRefusedRatherThanReadAsH2Settings() {
    // H2 reads what follows a ';' of its URL as settings: a directory "a;b" was "URL format error", and
    // "data/tracker;ACCESS_MODE_DATA=r" opened the file read-only
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "/tmp/a;b/tracker")))
        .hasMessage("--db '/tmp/a;b/tracker' holds a ';', which H2 would read as the start of its settings;"
            + " give a path without one");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "data/tracker;ACCESS_MODE_DATA=r")))
        .hasMessageContaining("holds a ';'");
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

  /**
   * Four numbers with dots are an IPv4 address or nothing (no host name is all digits): {@code --bind 999.1.1.1}
   * was passed on, and the demo opened its database, failed to bind and exited with code 1.
   */
  @Test
  void aBindAddressOfFourNumbersOutOfRangeIsABadFlag() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--bind", "999.1.1.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--bind '999.1.1.1' is not an IPv4 address: each of its four numbers goes from 0 to 255");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--bind", "10.0.0.256"))).hasMessageStartingWith("--bind '10.0.0.256'");
    assertThat(DemoOptions.parse(List.of("--bind", "192.168.0.255")).bind()).isEqualTo("192.168.0.255");
    assertThat(DemoOptions.parse(List.of("--bind", "host-1.example")).bind()).isEqualTo("host-1.example");
  }

  @Test
  void aPostgresUrlABrokerAndAReplayMakeAnInstanceOfACluster() {
    DemoOptions options = DemoOptions.parse(List.of("--db", "jdbc:postgresql://127.0.0.1:5432/test", "--broker",
        "amqp://guest:guest@127.0.0.1:5672", "--exchange", "my.changes", "--replay", "2026-12-04T17:00:00Z"));

    assertThat(options.postgres()).isTrue();
    assertThat(options.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(options.database()).isNull();
    assertThat(options.broker()).isEqualTo(java.net.URI.create("amqp://guest:guest@127.0.0.1:5672"));
    assertThat(options.exchange()).isEqualTo("my.changes");
    assertThat(options.replaySince()).isEqualTo(java.time.Instant.parse("2026-12-04T17:00:00Z"));
    assertThat(DemoOptions.parse(List.of("--broker", "amqp://127.0.0.1", "--replay", "dead")).replaySince()).isNull();
    assertThat(DemoOptions.parse(List.of("--db", "jdbc:postgresql://h/db?password=secret")).databaseDescription())
        .isEqualTo("jdbc:postgresql://h/db?password=***");
  }

  @Test
  void withoutABrokerTheDemoIsOneInstanceAsBefore() {
    DemoOptions options = DemoOptions.parse(List.of());

    assertThat(options.broker()).isNull();
    assertThat(options.postgres()).isFalse();
    assertThat(options.exchange()).isEqualTo(DemoOptions.DEFAULT_EXCHANGE);
  }

  @Test
  void rejectsOtherDatabasesBadBrokersAndReplaysWithoutABroker() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "jdbc:mysql://h/db")))
        .hasMessageStartingWith("--db takes an H2 file path, mem, or a PostgreSQL URL");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--broker", "http://127.0.0.1:5672")))
        .hasMessageStartingWith("--broker must be an AMQP URL");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--replay", "dead")))
        .hasMessage("--replay needs --broker: without a broker there is no outbox to replay");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--broker", "amqp://127.0.0.1", "--replay", "yesterday")))
        .hasMessageStartingWith("--replay takes dead or an instant");
  }

  /**
   * A proxy list the server cannot use is a bad flag like any other: usage and exit code 2 before anything starts.
   * It was checked only when the application was built, after the database had been opened, and the demo exited
   * with 1 ("could not start: trustedProxies: ...", the builder's name, not the flag's).
   */
  @Test
  void aTrustedProxyThatIsNotAnAddressOrRangeIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--trusted-proxies", "10.0.0.1,300.1.1.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--trusted-proxies: '300.1.1.1' is not an IP address or a range such as 10.0.0.0/8 or fd00::/8;"
            + " host names are not resolved");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--trusted-proxies", "10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--trusted-proxies: '10.0.0.0/33' has a prefix length of 33, but an IPv4 range takes 0 to 32");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--trusted-proxies", "proxy.example.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--trusted-proxies: 'proxy.example.com'");
    assertThat(DemoOptions.parse(List.of("--trusted-proxies", "10.0.0.0/8, ::1")).trustedProxies())
        .containsExactly("10.0.0.0/8", "::1");
  }

  /**
   * A flag given twice is refused, as a query parameter given twice is on the routes: the last one won without a
   * word, so {@code --db mem ... --db /etc/passwd} (a script's default, then a value appended to it) wrote an H2
   * file next to /etc/passwd, and {@code --port 0 --port 1} listened on port 1.
   */
  @Test
  void aFlagGivenTwiceIsRefusedRatherThanTheLastOneTaken() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--db", "mem", "--port", "0", "--db", "/tmp/other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--db is given twice ('mem', then '/tmp/other'); give it once");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port", "0", "--port", "1")))
        .hasMessage("--port is given twice ('0', then '1'); give it once");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--admin-password", "first secret", "--admin-password", "x")))
        .as("a password is not echoed")
        .hasMessage("--admin-password is given twice; give it once");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--trace", "--trace"))).hasMessage("--trace is given twice; give it once");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("-h", "--help"))).hasMessage("--help is given twice; give it once");
  }
}
