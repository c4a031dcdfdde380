package dev.scribe.outbox;

/** The broker could not be reached or did not confirm in time; the relay keeps the events and retries. */
public final class BrokerUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
