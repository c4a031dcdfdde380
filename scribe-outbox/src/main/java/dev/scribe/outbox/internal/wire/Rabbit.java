package dev.scribe.outbox.internal.wire;

import com.rabbitmq.client.ConnectionFactory;
import dev.scribe.core.ConfigurationException;
import java.net.URI;
import java.security.GeneralSecurityException;

/** Connection factories from AMQP URIs. */
public final class Rabbit {
  private Rabbit() {}

  public static ConnectionFactory factory(URI uri) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigurationException("'" + uri + "' is not an AMQP URI (" + e.getMessage()
          + "); use amqp://user:password@host:5672/vhost");
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    factory.setRequestedHeartbeat(10);
    return factory;
  }
}
