package dev.scribe.outbox;

import java.util.UUID;

/**
 * One outbox row as the relay hands it to an {@link EventPublisher}.
 *
 * @param id            the event id, also the message id consumers de-duplicate by
 * @param seq           the table-wide sequence; increasing within each aggregate
 * @param aggregateType the entity name, e.g. {@code Task}
 * @param aggregateId   the record's id as text
 * @param type          {@code created}, {@code updated} or {@code deleted}
 * @param payload       the event as JSON (see {@link ChangeMessage} for its fields)
 * @param attempts      the failed attempts so far
 * @param user          who made the change, or null
 * @param traceId       the trace or request id of the change, or null
 */
public record OutboxEvent(UUID id, long seq, String aggregateType, String aggregateId, String type, String payload,
    int attempts, String user, String traceId) {

  /** {@code <aggregateType>.<type>}, e.g. {@code Task.updated}: the routing key on a topic exchange. */
  public String routingKey() {
    return aggregateType + "." + type;
  }
}
