package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A null where the controller tier's public API needs a value is a UsageException saying what to pass. */
class ControllerArgumentsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  @Test
  void anActionResponsesHeadersNeedNames() {
    ActionResponse response = ActionResponse.of(200, "ok");

    assertThatThrownBy(() -> response.withHeaders(null)).isInstanceOf(UsageException.class)
        .hasMessage("withHeaders(null): pass the headers to add by name, Map.of() for none");
    assertThatThrownBy(() -> response.withHeaders(java.util.Collections.singletonMap(null, "5")))
        .isInstanceOf(UsageException.class)
        .hasMessage("withHeaders({null=5}): a header has no name; pass each header under its name, e.g."
            + " Map.of(\"Retry-After\", \"5\")");
    assertThat(response.header(null)).isNull();
    assertThat(response.withHeaders(java.util.Map.of("retry-after", "5")).header("Retry-After")).isEqualTo("5");
  }

  @Test
  void traceOptionsNeedItemsAndGlobs() {
    assertThatThrownBy(() -> TraceOptions.enabled().items((TraceOptions.Item[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("TraceOptions.items(null): pass the items to report, e.g. items(Item.PATH, Item.HANDLERS)");
    assertThatThrownBy(() -> TraceOptions.enabled().items(TraceOptions.Item.PATH, null)).isInstanceOf(UsageException.class)
        .hasMessage("TraceOptions.items([PATH, null]): an item is null; pass the items to report, e.g."
            + " items(Item.PATH, Item.HANDLERS)");
    assertThatThrownBy(() -> TraceOptions.enabled().blacklist((String[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("TraceOptions.blacklist(null): pass the URL globs to leave untraced, e.g. blacklist(\"/health\")");
    assertThatThrownBy(() -> TraceOptions.enabled().blacklist("/health", null)).isInstanceOf(UsageException.class)
        .hasMessage("a URL glob is null; pass a path that starts with '/', like /health or /_scribe/**");
  }

  @Test
  void consoleOptionsNeedAnAccessCheckAndGlobs() {
    // a bare NullPointerException ("allowed"), and for ignore(null) one without any message
    assertThatThrownBy(() -> ConsoleOptions.enabled().access(null)).isInstanceOf(UsageException.class)
        .hasMessage("ConsoleOptions.access(null): pass who may use the console, e.g. access(request ->"
            + " request.isUserInRole(\"admin\")), or leave it out to let every client in");
    assertThatThrownBy(() -> ConsoleOptions.enabled().ignore((String[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("ConsoleOptions.ignore(null): pass the URL globs to leave unrecorded, e.g. ignore(\"/health\")");
    assertThatThrownBy(() -> ConsoleOptions.enabled().ignore("/health", null)).isInstanceOf(UsageException.class)
        .hasMessage("a URL glob is null; pass a path that starts with '/', like /health or /_scribe/**");
  }

  @Test
  void mountingUnderANullPrefixAndReadingRecordsOfNoArgsAreRefused() {
    assertThatThrownBy(() -> RestApplication.builder(http.store).mount(null, "tasks", http.taskController))
        .isInstanceOf(UsageException.class)
        .hasMessage("mount(null, \"tasks\", ...): pass the prefix to serve the resource under, e.g. mount(\"admin\","
            + " \"tasks\", controller), or mount(\"tasks\", controller) for none");
    assertThatThrownBy(() -> Controller.records(null)).isInstanceOf(UsageException.class)
        .hasMessage("Controller.records(null): pass the event's args, e.g. Controller.records(args) in onPreStore");
  }
}
