package dev.scribe.outbox;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the relay hands outbox events: a message broker. Called from the relay's thread only.
 *
 * <p>The contract: publish {@code events} in list order and return once the broker has confirmed them.
 * Return the ids of the events the broker refused, each with the reason (they are retried with back-off and
 * dead-lettered after the last attempt); every other event counts as published. Throw
 * {@link BrokerUnavailableException} when the broker cannot be reached: no event of the call counts as
 * published or as failed, and the relay backs off and tries again. Any other exception is taken for a
 * fault of the publisher with some event of the call (one it cannot serialise, say): the relay then gives
 * it the events one at a time, and an event it throws on again fails an attempt as a refused one does.
 * Publishing an event twice is allowed (consumers de-duplicate by id); losing one is not.
 */
public interface EventPublisher extends AutoCloseable {

  /** Publishes {@code events} in order; the events the broker refused, by id, with the reason. */
  Map<UUID, String> publish(List<OutboxEvent> events) throws BrokerUnavailableException, InterruptedException;

  /** Releases the broker connection. */
  @Override
  void close();
}
