package dev.scribe.outbox;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.UsageException;
import dev.scribe.outbox.internal.relay.OutboxTable;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How an {@link Outbox} writes and relays: the table, the publisher, the relay's batch, lease, back-off and
 * dead-letter limits. Immutable; {@link #builder()} starts from the defaults.
 *
 * <pre>{@code
 * OutboxSettings settings = OutboxSettings.builder()
 *     .publisher(RabbitPublisher.create(URI.create("amqp://guest:guest@127.0.0.1:5672"), "scribe.changes"))
 *     .maxAttempts(8)
 *     .build();
 * }</pre>
 */
public final class OutboxSettings {
  private final String table;
  private final EventPublisher publisher;
  private final String instanceId;
  private final int batchSize;
  private final Duration lease;
  private final Duration pollInterval;
  private final Duration linger;
  private final Duration retryBase;
  private final Duration retryMax;
  private final int maxAttempts;
  private final Duration retention;
  private final Supplier<String> user;
  private final Supplier<String> traceId;
  private final boolean createTable;

  private OutboxSettings(Builder builder) {
    this.table = builder.table;
    this.publisher = builder.publisher;
    this.instanceId = builder.instanceId;
    this.batchSize = builder.batchSize;
    this.lease = builder.lease;
    this.pollInterval = builder.pollInterval;
    this.linger = builder.linger;
    this.retryBase = builder.retryBase;
    this.retryMax = builder.retryMax;
    this.maxAttempts = builder.maxAttempts;
    this.retention = builder.retention;
    this.user = builder.user;
    this.traceId = builder.traceId;
    this.createTable = builder.createTable;
  }

  /** The defaults: table {@code scribe_outbox}, no publisher (rows are written, nothing relays them). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults with {@code publisher}: the outbox is written and relayed.
   *
   * @throws UsageException when {@code publisher} is null ({@link #builder()} for an outbox without one)
   */
  public static OutboxSettings publishingTo(EventPublisher publisher) {
    if (publisher == null) {
      // taken as "no publisher", it gave an outbox whose rows were written and never relayed, without a word
      throw new UsageException("OutboxSettings.publishingTo(null): pass the publisher the relay hands events to, e.g."
          + " RabbitPublisher.create(URI.create(\"amqp://guest:guest@127.0.0.1:5672\"), \"scribe.changes\"), or use"
          + " OutboxSettings.builder().build() to write the table without relaying it");
    }
    return builder().publisher(publisher).build();
  }

  public String table() {
    return table;
  }

  /** The publisher the relay hands events to, or null when this instance only writes the outbox. */
  public EventPublisher publisher() {
    return publisher;
  }

  /** The name this instance's relay leases rows under. */
  public String instanceId() {
    return instanceId;
  }

  public int batchSize() {
    return batchSize;
  }

  public Duration lease() {
    return lease;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  /** How long the relay gathers rows after a round that published some; see {@link Builder#linger}. */
  public Duration linger() {
    return linger;
  }

  public Duration retryBase() {
    return retryBase;
  }

  public Duration retryMax() {
    return retryMax;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration retention() {
    return retention;
  }

  Supplier<String> user() {
    return user;
  }

  Supplier<String> traceId() {
    return traceId;
  }

  boolean createTable() {
    return createTable;
  }

  /** Collects the settings of an {@link Outbox}. */
  public static final class Builder {
    private String table = "scribe_outbox";
    private EventPublisher publisher;
    private String instanceId = "relay-" + UUID.randomUUID().toString().substring(0, 8);
    private int batchSize = 500;
    private Duration lease = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration linger = Duration.ofMillis(25);
    private Duration retryBase = Duration.ofMillis(200);
    private Duration retryMax = Duration.ofMinutes(5);
    private int maxAttempts = 10;
    private Duration retention = Duration.ofDays(7);
    private Supplier<String> user = ChangeContext::currentUser;
    private Supplier<String> traceId = ChangeContext::currentTraceId;
    private boolean createTable = true;

    private Builder() {}

    /** The table name, optionally schema-qualified; {@code scribe_outbox} by default. */
    public Builder table(String name) {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
        throw new ConfigurationException("outbox table '" + name + "' is not a plain SQL name; use letters, digits"
            + " and underscores, optionally schema.table");
      }
      this.table = name;
      return this;
    }

    /**
     * Where the relay publishes; without one (left unset) this instance writes the outbox and relays nothing.
     *
     * @throws UsageException when {@code eventPublisher} is null: a publisher that was meant but is missing
     *     would leave every row unpublished without a word
     */
    public Builder publisher(EventPublisher eventPublisher) {
      if (eventPublisher == null) {
        throw new UsageException("OutboxSettings.builder().publisher(null): pass the publisher the relay hands events"
            + " to, e.g. RabbitPublisher.create(URI.create(\"amqp://guest:guest@127.0.0.1:5672\"), \"scribe.changes\"),"
            + " or leave it unset to write the table without relaying it");
      }
      this.publisher = eventPublisher;
      return this;
    }

    /** The name of this instance in the lease columns (1 to 255 characters); a random one by default. */
    public Builder instanceId(String id) {
      if (id == null || id.isBlank()) {
        // the relay gives rows back only where lease_owner equals its id, which a null never does: they would stay
        // leased, unpublished, for the whole lease
        throw new UsageException("OutboxSettings.builder().instanceId(" + (id == null ? "null" : "\"" + id + "\"")
            + "): pass the name this instance leases rows under, e.g. the host name, or leave it unset for a random one");
      }
      if (id.length() > OutboxTable.TEXT_COLUMN_CHARS) {
        // the relay writes it into lease_owner, and every round that leased its rows failed on it
        throw new ConfigurationException("OutboxSettings.builder().instanceId(\"" + id + "\"): the name is " + id.length()
            + " characters long, and the lease_owner column holds at most " + OutboxTable.TEXT_COLUMN_CHARS
            + "; pass a shorter name, e.g. the host name");
      }
      this.instanceId = id;
      return this;
    }

    /** Rows claimed per round; 500 by default. */
    public Builder batchSize(int rows) {
      this.batchSize = positive("batchSize", rows);
      return this;
    }

    /**
     * How long claimed rows stay reserved for a relay that may have died; 30 s by default. On PostgreSQL a
     * round holds its rows by row locks and PostgreSQL ends its transaction once it idles this long; a publish
     * that took over half of it makes the next rounds lease their rows instead.
     */
    public Builder lease(Duration duration) {
      this.lease = positive("lease", duration);
      return this;
    }

    /** How often an idle relay looks for rows when nothing woke it; 500 ms by default. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive("pollInterval", interval);
      return this;
    }

    /**
     * How long the relay waits, after a round that published rows, before it claims the next: rows written
     * meanwhile go out together in one round (a claim, a publish, a settle) instead of a round each, which
     * on a busy instance is most of the relay's work. A row written after a quiet spell (the round before
     * it published nothing) goes out at once. {@link Duration#ZERO} for none; 25 ms by default.
     */
    public Builder linger(Duration gather) {
      if (gather == null || gather.isNegative() || gather.compareTo(LONGEST) > 0) {
        throw new ConfigurationException("outbox linger must be zero or a positive duration of at most "
            + LONGEST.toDays() + " days, not " + gather);
      }
      this.linger = gather;
      return this;
    }

    /**
     * The delay after a row's first failed attempt, doubled after each further one, capped at {@code max};
     * 200 ms and 5 min by default.
     *
     * @throws ConfigurationException when either is not a positive duration, or {@code base} is longer than
     *     {@code max} (every delay would be {@code max}, the doubling never running)
     */
    public Builder retry(Duration base, Duration max) {
      Duration first = positive("retry base", base);
      Duration cap = positive("retry max", max);
      if (first.compareTo(cap) > 0) {
        throw new ConfigurationException("outbox retry(" + base + ", " + max + "): the base (" + base + ") is longer"
            + " than the max (" + max + "); pass a base up to the max, e.g. retry(Duration.ofMillis(200),"
            + " Duration.ofMinutes(5))");
      }
      this.retryBase = first;
      this.retryMax = cap;
      return this;
    }

    /** Failed attempts after which a row is dead-lettered ({@code status = 'DEAD'}); 10 by default. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = positive("maxAttempts", attempts);
      return this;
    }

    /** How long published rows are kept for replay before the relay deletes them; 7 days by default. */
    public Builder retention(Duration duration) {
      this.retention = positive("retention", duration);
      return this;
    }

    /**
     * Who made the change when the unit of work names no caller (a write through the REST layer names its
     * authenticated user, whose id is written); {@link ChangeContext#currentUser()} by default. For none,
     * pass {@code () -> null}, not null.
     */
    public Builder user(Supplier<String> supplier) {
      if (supplier == null) {
        throw new UsageException("OutboxSettings.builder().user(null): pass the supplier of the user a change is"
            + " written under, () -> null for none (ChangeContext::currentUser is the default)");
      }
      this.user = supplier;
      return this;
    }

    /**
     * The trace or request id of the change; {@link ChangeContext#currentTraceId()} by default. For none,
     * pass {@code () -> null}, not null.
     */
    public Builder traceId(Supplier<String> supplier) {
      if (supplier == null) {
        throw new UsageException("OutboxSettings.builder().traceId(null): pass the supplier of the trace id a change is"
            + " written under, () -> null for none (ChangeContext::currentTraceId is the default)");
      }
      this.traceId = supplier;
      return this;
    }

    /** Whether {@link Outbox#install} creates the table when it is missing; true by default. */
    public Builder createTable(boolean create) {
      this.createTable = create;
      return this;
    }

    public OutboxSettings build() {
      return new OutboxSettings(this);
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new ConfigurationException("outbox " + name + " must be positive, not " + value);
      }
      return value;
    }

    /**
     * The relay counts these in milliseconds and nanoseconds: a longer one overflowed as it started or ran, and one
     * under a millisecond became 0, a lease of none at all (and no idle-in-transaction timeout on PostgreSQL).
     */
    private static Duration positive(String name, Duration value) {
      if (value == null || value.compareTo(SHORTEST) < 0 || value.compareTo(LONGEST) > 0) {
        throw new ConfigurationException("outbox " + name + " must be at least 1 ms and at most " + LONGEST.toDays()
            + " days, not " + value);
      }
      return value;
    }

    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofDays(3650);
  }
}
