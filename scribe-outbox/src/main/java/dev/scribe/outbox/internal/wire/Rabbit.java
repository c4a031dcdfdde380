package dev.scribe.outbox.internal.wire;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import java.net.URI;
import java.security.GeneralSecurityException;

/** Connection factories from AMQP URIs. */
public final class Rabbit {
  private Rabbit() {}

  /**
   * The factory of the broker at {@code uri}; {@code call} is the call as the application wrote it with the URI
   * left out (e.g. {@code "ChangeFeed.start(%s, exchange)"}), for the refusal of a null URI.
   */
  public static ConnectionFactory factory(URI uri, String call) {
    if (uri == null) {
      throw new UsageException(String.format(call, "null") + ": pass the broker's URI, e.g."
          + " URI.create(\"amqp://guest:guest@127.0.0.1:5672\")");
    }
    return factory(uri);
  }

  /**
   * {@code name} when it names an exchange or a queue; else a {@link UsageException} saying {@code call} (with
   * {@code %s} for the name) needs one, as {@code example}. An empty name would be the broker's default exchange
   * or a server-named queue, neither of which the caller means.
   */
  public static String name(String name, String call, String example) {
    return name(name, call, example, SHORT_STRING_BYTES, "");
  }

  /**
   * {@link #name(String, String, String)} for a name of at most {@code maxBytes} in UTF-8 ({@code why} says why
   * fewer than the broker's 255, or is empty): a longer one is a {@link ConfigurationException} here, where the AMQP
   * client threw a bare {@code IllegalArgumentException} ("Short string too long") once the consumer or feed started.
   */
  public static String name(String name, String call, String example, int maxBytes, String why) {
    if (name == null || name.isBlank()) {
      throw new UsageException(String.format(call, name == null ? "null" : "\"" + name + "\"") + ": pass the name of the "
          + example);
    }
    shortString(name, String.format(call, "\"" + name + "\""), maxBytes, why);
    return name;
  }

  /** The most bytes of an AMQP short string: names of exchanges and queues, routing keys, consumer tags. */
  public static final int SHORT_STRING_BYTES = 255;

  /** Refuses {@code text}, given to {@code call}, when it is longer than {@code maxBytes} in UTF-8. */
  public static void shortString(String text, String call, int maxBytes, String why) {
    int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new ConfigurationException(call + ": the name is " + bytes + " bytes long in UTF-8, and the broker takes at"
          + " most " + maxBytes + why + "; pass a shorter one");
    }
  }

  /**
   * What the broker or the client said: the AMQP client wraps a refusal (a declaration the broker rejects) in
   * an IOException without a message, its reason in the cause.
   */
  public static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  /**
   * True when the broker answered {@code e} itself — it refused the credentials (ACCESS_REFUSED), the virtual host
   * or a declaration — which no retry fixes; false when it could not be reached (nothing listens, a timeout, an
   * unknown host, a connection cut), which waiting for it may.
   */
  public static boolean brokerRefused(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthenticationFailureException
          || cause instanceof ShutdownSignalException && ((ShutdownSignalException) cause).getReason() != null) {
        return true;
      }
    }
    return false;
  }

  /** The broker's address as an application's log names it: {@code host:port}. */
  public static String address(ConnectionFactory factory) {
    return factory.getHost() + ":" + factory.getPort();
  }

  public static ConnectionFactory factory(URI uri) {
    ConnectionFactory factory = new ConnectionFactory();
    if (uri.getScheme() == null) {
      // the client's own answer is a NullPointerException on the missing scheme
      throw new ConfigurationException("'" + uri + "' is not an AMQP URI (it has no scheme); use"
          + " amqp://user:password@host:5672/vhost");
    }
    try {
      factory.setUri(uri);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigurationException("'" + uri + "' is not an AMQP URI (" + e.getMessage()
          + "); use amqp://user:password@host:5672/vhost");
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65_535)) {
      // the client takes any number and fails only when it connects, with the socket's bare "port out of range"
      throw new ConfigurationException("'" + uri + "' names port " + uri.getPort() + ", which is not a TCP port (1 to"
          + " 65535); use amqp://user:password@host:5672/vhost");
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setExceptionHandler(new BrokerConnectionLog());
    factory.setConnectionTimeout(5_000);
    factory.setRequestedHeartbeat(10);
    return factory;
  }
}
