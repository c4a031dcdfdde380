package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scribe.core.UsageException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading a message body: an outbox payload gives its fields; anything else says what is wrong with it. */
class ChangeMessageTest {
  static final String PAYLOAD = "{\"id\":\"6f1c2d3e-0000-0000-0000-000000000001\",\"aggregateType\":\"Task\","
      + "\"aggregateId\":\"7\",\"type\":\"updated\",\"old\":{\"title\":\"a\"},\"new\":{\"title\":\"b\"},"
      + "\"user\":\"alice\",\"traceId\":\"req-1\",\"time\":\"2026-12-04T17:00:00Z\"}";

  @Test
  void anOutboxPayloadGivesEveryField() {
    ChangeMessage message = ChangeMessage.parse(PAYLOAD, 42);
    assertThat(message.id()).isEqualTo("6f1c2d3e-0000-0000-0000-000000000001");
    assertThat(message.seq()).isEqualTo(42);
    assertThat(message.routingKey()).isEqualTo("Task.updated");
    assertThat(message.aggregateId()).isEqualTo("7");
    assertThat(message.oldValues()).containsEntry("title", "a");
    assertThat(message.newValues()).containsEntry("title", "b");
    assertThat(message.user()).isEqualTo("alice");
    assertThat(message.traceId()).isEqualTo("req-1");
    assertThat(message.time()).isEqualTo(Instant.parse("2026-12-04T17:00:00Z"));
    assertThat(message.payload()).isEqualTo(PAYLOAD);
  }

  @Test
  void aNullBodyIsAUsageError() {
    assertThatThrownBy(() -> ChangeMessage.parse(null, 1)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("ChangeMessage.parse(null, 1): pass the message body");
  }

  @Test
  void aBodyThatIsNotAnOutboxPayloadSaysWhichPartIsWrong() {
    assertThatThrownBy(() -> ChangeMessage.parse("not json", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload");
    assertThatThrownBy(() -> ChangeMessage.parse("null", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload");
    assertThatThrownBy(() -> ChangeMessage.parse("[1, 2]", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload");
    assertThatThrownBy(() -> ChangeMessage.parse("{\"id\": 5}", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload").hasMessageContaining("\"id\"");
    assertThatThrownBy(() -> ChangeMessage.parse("{\"new\": [1]}", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload").hasMessageContaining("\"new\"");
    assertThatThrownBy(() -> ChangeMessage.parse("{\"time\": \"yesterday\"}", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload").hasMessageContaining("\"time\"").hasMessageContaining("yesterday");
  }

  @Test
  void aBodyWithoutTheFieldsEveryOutboxEventHasIsNotAnOutboxPayloadNamingTheFirstMissing() {
    // {} was read as a change of no id, aggregate or type: a listener got routingKey() "null.null"
    assertThatThrownBy(() -> ChangeMessage.parse("{}", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an outbox payload (\"id\" is missing; every outbox event has an id, an aggregateType, an"
            + " aggregateId and a type): {}");
    assertThatThrownBy(() -> ChangeMessage.parse("{\"id\":\"e-1\",\"aggregateType\":\"Task\",\"type\":\"created\"}", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an outbox payload (\"aggregateId\" is missing;");
    assertThatThrownBy(() -> ChangeMessage.parse("{\"id\":\"e-1\",\"aggregateType\":\"Task\",\"aggregateId\":\"7\","
        + "\"type\":\"renamed\"}", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an outbox payload (\"type\" is 'renamed', not created, updated or deleted)");
    assertThat(ChangeMessage.parse("{\"id\":\"e-1\",\"aggregateType\":\"Task\",\"aggregateId\":\"7\",\"type\":\"deleted\"}", 3)
        .time()).isNull();
  }
}
