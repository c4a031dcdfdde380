package dev.scribe.outbox;

import dev.scribe.core.ConfigurationException;

/**
 * How many change feed streams one servlet serves and how far each may fall behind. An open stream holds no
 * request thread while it waits (the servlet is asynchronous), so the bounds are about memory and connections:
 * keep {@link #maxStreams} below the server's {@code maxConnections}, which the streams share with every other
 * request.
 *
 * <ul>
 *   <li>{@code maxStreams} (default {@value #DEFAULT_MAX_STREAMS}): one more stream is a 503 with
 *       {@code Retry-After} and a problem+json body;</li>
 *   <li>{@code maxStreamsPerCaller} (default {@value #DEFAULT_MAX_STREAMS_PER_CALLER}): the streams of one caller a
 *       {@link FeedAccess} identifies (under {@link FeedAccess#CALLER}); one more is a 429 with
 *       {@code Retry-After}. Anonymous streams are not counted per client, since behind a proxy every client has
 *       the proxy's address;</li>
 *   <li>{@code maxAnonymousStreams} (default half of {@code maxStreams} with a {@link ScopedFeedAccess}, which tells
 *       signed-in callers apart; with another {@link FeedAccess}, every stream unless set): the anonymous streams (no
 *       caller under {@link FeedAccess#CALLER}) all together; one more is a 503 with {@code Retry-After}, so that
 *       clients without credentials cannot take every stream from the callers who sign in;</li>
 *   <li>{@code bufferBytes} (default 4 MiB): the events written to a stream and not yet taken by its client; a
 *       client that falls further behind is dropped: its stream ends with {@code event: dropped}, and the writers
 *       and the other streams never wait for it;</li>
 *   <li>{@code retryAfterSeconds} (default 5): the {@code Retry-After} of the 429 and 503.</li>
 * </ul>
 *
 * <pre>{@code
 * HttpServlet changes = feed.servlet(access, FeedLimits.builder().maxStreams(2_000).maxStreamsPerCaller(4).build());
 * }</pre>
 */
public final class FeedLimits {
  /** The streams one servlet serves at once by default. */
  public static final int DEFAULT_MAX_STREAMS = 500;
  /**
   * The streams of one identified caller by default: a fifth of the total, so that one caller (a script opening
   * streams in a loop, a token shared by a fleet of dashboards) leaves most of them to the others.
   */
  public static final int DEFAULT_MAX_STREAMS_PER_CALLER = 100;
  /** The bytes a stream may have waiting for its client by default. */
  public static final int DEFAULT_BUFFER_BYTES = 4 << 20;
  private static final FeedLimits DEFAULTS = builder().build();

  private final int maxStreams;
  private final int maxStreamsPerCaller;
  private final int maxAnonymousStreams;
  private final boolean anonymousStreamsSet;
  private final int bufferBytes;
  private final int retryAfterSeconds;

  private FeedLimits(Builder builder) {
    this.maxStreams = builder.maxStreams;
    this.maxStreamsPerCaller = Math.min(builder.maxStreamsPerCaller, builder.maxStreams);
    this.maxAnonymousStreams = builder.maxAnonymousStreams == 0 ? Math.max(1, builder.maxStreams / 2)
        : Math.min(builder.maxAnonymousStreams, builder.maxStreams);
    this.anonymousStreamsSet = builder.maxAnonymousStreams != 0;
    this.bufferBytes = builder.bufferBytes;
    this.retryAfterSeconds = builder.retryAfterSeconds;
  }

  /** Every bound at its default. */
  public static FeedLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int maxStreams() {
    return maxStreams;
  }

  /** At most {@link #maxStreams()}. */
  public int maxStreamsPerCaller() {
    return maxStreamsPerCaller;
  }

  /**
   * At most {@link #maxStreams()}; half of it unless set. A feed servlet with a {@link ScopedFeedAccess} applies it
   * either way, with another {@link FeedAccess} (a {@link FieldPolicy}, which names no caller) only when it was set.
   */
  public int maxAnonymousStreams() {
    return maxAnonymousStreams;
  }

  /** True when {@link Builder#maxAnonymousStreams(int)} set the bound. */
  boolean anonymousStreamsSet() {
    return anonymousStreamsSet;
  }

  public int bufferBytes() {
    return bufferBytes;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public String toString() {
    return "FeedLimits[maxStreams=" + maxStreams + ", maxStreamsPerCaller=" + maxStreamsPerCaller
        + ", maxAnonymousStreams=" + maxAnonymousStreams + ", bufferBytes="
        + bufferBytes + ", retryAfterSeconds=" + retryAfterSeconds + "]";
  }

  /**
   * Collects the bounds; each must be at least 1, and a smaller one is a {@link ConfigurationException} naming it,
   * as every other option of the server, the application and the outbox is.
   */
  public static final class Builder {
    private int maxStreams = DEFAULT_MAX_STREAMS;
    private int maxStreamsPerCaller = DEFAULT_MAX_STREAMS_PER_CALLER;
    private int maxAnonymousStreams;   // 0: half of maxStreams
    private int bufferBytes = DEFAULT_BUFFER_BYTES;
    private int retryAfterSeconds = 5;

    private Builder() {}

    /** The streams served at once, all callers together. */
    public Builder maxStreams(int streams) {
      this.maxStreams = atLeastOne("maxStreams", streams, "ChangeFeed's servlet serves that many streams at once");
      return this;
    }

    /** The streams of one identified caller at once (cut to {@code maxStreams}). */
    public Builder maxStreamsPerCaller(int streams) {
      this.maxStreamsPerCaller = atLeastOne("maxStreamsPerCaller", streams, "one caller may hold that many streams");
      return this;
    }

    /** The anonymous streams at once, all of them together (cut to {@code maxStreams}; half of it by default). */
    public Builder maxAnonymousStreams(int streams) {
      this.maxAnonymousStreams = atLeastOne("maxAnonymousStreams", streams, "callers without credentials may hold that"
          + " many streams together");
      return this;
    }

    /** The bytes a stream may have waiting for its client before the client is dropped. */
    public Builder bufferBytes(int bytes) {
      this.bufferBytes = atLeastOne("bufferBytes", bytes, "a stream whose client has that many bytes waiting is"
          + " dropped; 4 MiB by default");
      return this;
    }

    /** The {@code Retry-After} of a stream refused for the bounds. */
    public Builder retryAfterSeconds(int seconds) {
      this.retryAfterSeconds = atLeastOne("retryAfterSeconds", seconds, "the Retry-After of a refused stream");
      return this;
    }

    public FeedLimits build() {
      return new FeedLimits(this);
    }

    private static int atLeastOne(String name, int value, String meaning) {
      if (value < 1) {
        throw new ConfigurationException("FeedLimits.builder()." + name + "(" + value + "): must be at least 1 (" + meaning
            + ")");
      }
      return value;
    }
  }
}
