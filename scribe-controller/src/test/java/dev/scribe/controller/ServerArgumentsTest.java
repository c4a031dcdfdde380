package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;

/** ScribeServer.Builder refuses a servlet or mapping that is null where it is given, not at start() or never. */
class ServerArgumentsTest {
  @Test
  void aNullServletOrMappingIsRefusedWhereItIsGiven() {
    HttpServlet servlet = new HttpServlet() {};

    assertThatThrownBy(() -> ScribeServer.builder().servlet("/*", null)).isInstanceOf(UsageException.class)
        .hasMessage("servlet(\"/*\", null): pass the servlet to serve under that mapping");
    assertThatThrownBy(() -> ScribeServer.builder().servlet(null, servlet)).isInstanceOf(UsageException.class)
        .hasMessage("servlet(null, ...): pass the servlet mapping, such as \"/*\" or \"/api/*\"");
    assertThatThrownBy(() -> ScribeServer.builder().application(null, null)).isInstanceOf(UsageException.class)
        .hasMessage("application(null, ...): pass the servlet mapping, such as \"/*\" or \"/api/*\"");
  }

  @Test
  void aBlankHostIsRefusedRatherThanTakenForEveryInterfaceOrFailingToBind() {
    for (String blank : new String[] {"", " "}) {
      assertThatThrownBy(() -> ScribeServer.builder().host(blank)).isInstanceOf(ConfigurationException.class)
          .hasMessage("host(\"" + blank + "\"): pass the address or host name to listen on, such as \"127.0.0.1\" or"
              + " \"0.0.0.0\", or leave it unset for every interface");
    }
    // taken for "every interface", where every other setting's null is refused: a host meant but missing went unseen,
    // and the server listened on every interface instead
    assertThatThrownBy(() -> ScribeServer.builder().host(null)).isInstanceOf(UsageException.class)
        .hasMessage("host(null): pass the address or host name to listen on, such as \"127.0.0.1\" or \"0.0.0.0\", or"
            + " leave it unset for every interface");
  }

  @Test
  void aMappingThatIsNoServletMappingIsRefusedWhereItIsGiven() {
    assertThatThrownBy(() -> ScribeServer.builder().servlet("api", new HttpServlet() {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("servlet(\"api\", ...): a servlet mapping starts with '/' (\"/api\", \"/api/*\") or is an extension"
            + " such as \"*.json\"");
  }

  @Test
  void tooFewThreadsForJettyIsAConfigurationErrorThatSaysHowManyItTakes() {
    assertThatThrownBy(() -> ScribeServer.builder().host("127.0.0.1").maxThreads(2).minThreads(1).start())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("maxThreads (2) leaves no thread for requests: Jetty's acceptor, selector and reserved"
            + " threads take ")
        .hasMessageContaining("; use maxThreads(");
  }
}
