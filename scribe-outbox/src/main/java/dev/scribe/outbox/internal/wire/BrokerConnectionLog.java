package dev.scribe.outbox.internal.wire;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client library reports of a broker going away and of its attempts to reconnect, logged as warnings of
 * one line naming the connection and the broker: an outage is ridden out, not a fault of the application. The
 * library's own handler logged each failed attempt to reconnect as an error with a stack trace. A listener's or a
 * topology's failure keeps the library's handling. Internal, unsupported.
 */
public final class BrokerConnectionLog extends ForgivingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.outbox.broker");

  @Override
  public void handleUnexpectedConnectionDriverException(Connection connection, Throwable cause) {
    LOG.warn("{}: the connection to the broker was lost ({}); it is made again", name(connection), describe(cause));
  }

  @Override
  public void handleConnectionRecoveryException(Connection connection, Throwable cause) {
    if (cause instanceof ConnectException) {
      return;  // nothing listens yet: the library says nothing of it either, and tries again
    }
    LOG.warn("{}: reconnecting to the broker failed ({}); trying again", name(connection), describe(cause));
  }

  static String name(Connection connection) {
    if (connection == null) {
      return "broker connection";
    }
    String name = connection.getClientProvidedName();
    String address = connection.getAddress() == null ? "?" : connection.getAddress().getHostAddress();
    return (name == null ? "broker connection" : name) + " to " + address + ":" + connection.getPort();
  }

  static String describe(Throwable cause) {
    Throwable innermost = cause;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage();
    return innermost.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
