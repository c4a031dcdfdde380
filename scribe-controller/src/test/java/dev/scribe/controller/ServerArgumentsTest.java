package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
