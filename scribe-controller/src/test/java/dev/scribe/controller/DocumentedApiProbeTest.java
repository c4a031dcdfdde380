package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The controller tier's Java API used as docs/reference.md and the javadoc describe it, misuses included. */
class DocumentedApiProbeTest {
  @Test
  void theTierAccessorsReadTheirKeysAndSayWhatIsWrongWithThem() {
    EventArgs args = EventArgs.create();
    ControllerTier.directive(args).put("links", Map.of("all", "/notes"));
    assertThat(args.get(ControllerTier.DIRECTIVE)).isEqualTo(Map.of("links", Map.of("all", "/notes")));
    assertThat(ControllerTier.directive(args)).containsKey("links");
    assertThat(ControllerTier.exception(args)).isNull();

    EventArgs wrong = EventArgs.builder().put(ControllerTier.DIRECTIVE, "see /notes").build();
    assertThatThrownBy(() -> ControllerTier.directive(wrong)).isInstanceOf(ArgsContractException.class)
        .hasMessage("the args key 'directive' was read as a java.util.Map, but it holds a java.lang.String; read it as"
            + " what it holds, or find the handler that put it there");
    assertThatThrownBy(() -> ControllerTier.directive(null)).isInstanceOf(UsageException.class)
        .hasMessage("ControllerTier.directive(null): pass the event's args, e.g. ControllerTier.directive(args) in a handler");
    assertThatThrownBy(() -> ControllerTier.exception(null)).isInstanceOf(UsageException.class);
  }
}
