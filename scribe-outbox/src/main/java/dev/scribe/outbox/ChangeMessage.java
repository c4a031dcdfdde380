package dev.scribe.outbox;

import dev.scribe.core.UsageException;
import dev.scribe.outbox.internal.wire.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A change as consumers receive it from the broker: one outbox event.
 *
 * @param id            the event id (the message id); the same on every redelivery and replay
 * @param seq           the outbox sequence, increasing within each aggregate; -1 when the message has none
 * @param aggregateType the entity name, e.g. {@code Task}
 * @param aggregateId   the record's id as text
 * @param type          {@code created}, {@code updated} or {@code deleted}
 * @param oldValues     the record before the write (null for a create)
 * @param newValues     the record after the write (null for a delete)
 * @param user          who made the change, or null
 * @param traceId       the trace or request id of the change, or null
 * @param time          when the unit of work wrote it
 * @param payload       the message body as sent (JSON)
 */
public record ChangeMessage(String id, long seq, String aggregateType, String aggregateId, String type,
    Map<String, Object> oldValues, Map<String, Object> newValues, String user, String traceId, Instant time,
    String payload) {

  /**
   * Reads a message body the outbox wrote.
   *
   * @throws UsageException when {@code payload} is null
   * @throws IllegalArgumentException when it is not an outbox payload (no JSON object; a field of the wrong type; no
   *     {@code id}, {@code aggregateType}, {@code aggregateId} or {@code type}; a type other than {@code created},
   *     {@code updated} or {@code deleted}), naming the part that is wrong
   */
  public static ChangeMessage parse(String payload, long seq) {
    if (payload == null) {
      throw new UsageException("ChangeMessage.parse(null, " + seq + "): pass the message body, the JSON the outbox"
          + " wrote");
    }
    Map<String, Object> body = Json.read(payload);
    if (body == null) {
      throw new IllegalArgumentException("not an outbox payload (a JSON object is expected): " + payload);
    }
    String time = text(body, "time", payload);
    Instant instant;
    try {
      instant = time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an outbox payload (\"time\" is '" + time + "', not an ISO-8601 instant"
          + " such as 2026-12-04T17:00:00Z): " + payload, e);
    }
    Map<String, Object> old = values(body, "old", payload);
    Map<String, Object> fresh = values(body, "new", payload);
    String user = text(body, "user", payload);
    String traceId = text(body, "traceId", payload);
    // what every event the outbox writes has: without them a listener got a change of nothing ("null.null")
    for (String field : REQUIRED) {
      if (text(body, field, payload) == null) {
        throw new IllegalArgumentException("not an outbox payload (\"" + field + "\" is missing; every outbox event has"
            + " an id, an aggregateType, an aggregateId and a type): " + payload);
      }
    }
    String type = text(body, "type", payload);
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("not an outbox payload (\"type\" is '" + type + "', not created, updated or"
          + " deleted): " + payload);
    }
    return new ChangeMessage(text(body, "id", payload), seq, text(body, "aggregateType", payload),
        text(body, "aggregateId", payload), type, old, fresh, user, traceId, instant, payload);
  }

  private static final java.util.List<String> REQUIRED = java.util.List.of("id", "aggregateType", "aggregateId", "type");
  private static final java.util.Set<String> TYPES = java.util.Set.of("created", "updated", "deleted");

  /** A field that is text or absent; anything else is not the outbox's (a cast would fail with no word of which). */
  private static String text(Map<String, Object> body, String field, String payload) {
    Object value = body.get(field);
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("not an outbox payload (\"" + field + "\" is " + value + ", not text): "
          + payload);
    }
    return (String) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> values(Map<String, Object> body, String field, String payload) {
    Object value = body.get(field);
    if (value != null && !(value instanceof Map)) {
      throw new IllegalArgumentException("not an outbox payload (\"" + field + "\" is " + value + ", not an object"
          + " of the record's values or null): " + payload);
    }
    return readOnly((Map<String, Object>) value);
  }

  /** {@code <aggregateType>.<type>}, the routing key it was published with. */
  public String routingKey() {
    return aggregateType + "." + type;
  }

  /** The body without the fields {@code hidden} leaves out of the old and new values. */
  ChangeMessage without(java.util.Set<String> hidden) {
    if (hidden.isEmpty()) {
      return this;
    }
    Map<String, Object> body = Json.read(payload);
    Map<String, Object> old = strip(oldValues, hidden);
    Map<String, Object> fresh = strip(newValues, hidden);
    body.put("old", old);
    body.put("new", fresh);
    return new ChangeMessage(id, seq, aggregateType, aggregateId, type, old, fresh, user, traceId, time, Json.write(body));
  }

  /** The body without its old values ({@code old}) or its new ones ({@code fresh}): they are null in it. */
  ChangeMessage withoutValues(boolean old, boolean fresh) {
    if (!old && !fresh) {
      return this;
    }
    Map<String, Object> body = Json.read(payload);
    Map<String, Object> keptOld = old ? null : oldValues;
    Map<String, Object> keptNew = fresh ? null : newValues;
    body.put("old", keptOld);
    body.put("new", keptNew);
    return new ChangeMessage(id, seq, aggregateType, aggregateId, type, keptOld, keptNew, user, traceId, time,
        Json.write(body));
  }

  private static Map<String, Object> strip(Map<String, Object> values, java.util.Set<String> hidden) {
    if (values == null) {
      return null;
    }
    Map<String, Object> kept = new LinkedHashMap<>(values);
    kept.keySet().removeAll(hidden);
    return Collections.unmodifiableMap(kept);
  }

  private static Map<String, Object> readOnly(Map<String, Object> values) {
    return values == null ? null : Collections.unmodifiableMap(values);
  }
}
