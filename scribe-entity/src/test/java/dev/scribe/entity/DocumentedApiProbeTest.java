package dev.scribe.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.ArgsContractException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.UsageException;
import org.junit.jupiter.api.Test;

/** The entity tier's accessors used as docs/entity.md and docs/reference.md describe them, misuses included. */
class DocumentedApiProbeTest {
  @Test
  void theTierAccessorsReadTheirKeysAndSayWhatIsWrongWithThem() {
    EventArgs args = EventArgs.builder().put(EntityTier.FIELD_NAME, "title").put(EntityTier.VALUE, " Pack ").build();
    assertThat(EntityTier.fieldName(args)).isEqualTo("title");
    assertThat(EntityTier.value(EntityTier.value(args, "Pack"))).isEqualTo("Pack");
    assertThat(EntityTier.fieldName(EventArgs.create())).isNull();

    assertThatThrownBy(() -> EntityTier.fieldName(EventArgs.builder().put(EntityTier.FIELD_NAME, 7).build()))
        .isInstanceOf(ArgsContractException.class)
        .hasMessage("the args key 'fieldName' was read as a java.lang.String, but it holds a java.lang.Integer; read it"
            + " as what it holds, or find the handler that put it there");
    assertThatThrownBy(() -> EntityTier.fieldName(null)).isInstanceOf(UsageException.class)
        .hasMessage("EntityTier.fieldName(null, ...): pass the event's args, e.g. EntityTier.fieldName(args) in preSetField");
    assertThatThrownBy(() -> EntityTier.value(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> EntityTier.value(null, "x")).isInstanceOf(UsageException.class);
  }
}
