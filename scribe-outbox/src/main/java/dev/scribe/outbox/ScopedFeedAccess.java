package dev.scribe.outbox;

import dev.scribe.core.UsageException;
import dev.scribe.core.User;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.DatabaseUnavailableException;
import dev.scribe.repository.Operator;
import dev.scribe.repository.Query;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RepositoryTier;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed with the same row scope and field policy as reads: each stream belongs to the caller its
 * request authenticates as, and shows a change only when that caller may read the record, leaving out the
 * fields the {@link FieldPolicy} hides from them.
 *
 * <p>Whether the caller may read the record is asked of the record's repository, with the caller, as a read
 * would ask it: the {@code scopeQuery} handlers run and the record must be in the scope they build. A create
 * or update is shown when the record is in the caller's scope after it; an update or delete also when the
 * caller made it (the write found the record in their scope) or when this stream showed the record before
 * (so a record that leaves the caller's scope, or is deleted, says so to those who saw it, without what it
 * became; the stream then stops following it). An update's old values are shown only when the caller could
 * read the record before it: the stream showed it, or the caller made the write. A change of an
 * entity without a repository of {@code store} is not shown. Repositories without {@code scopeQuery}
 * handlers show every record. The scope is asked once per change for each distinct caller (a {@code User} by id,
 * name and roles), however many streams that caller has open.
 *
 * <pre>{@code
 * HttpServlet changes = feed.servlet(ScopedFeedAccess.builder(store)
 *     .caller(TokenAuthenticator.of(identities)::authenticate)
 *     .fields(FieldPolicy.builder().hide("Task", "internalNotes").readRoles("Task", "ownerId", "admin").build())
 *     .build());
 * }</pre>
 */
public final class ScopedFeedAccess implements FeedAccess {
  private static final Logger LOG = LoggerFactory.getLogger(ScopedFeedAccess.class);
  /** Records a stream remembers having shown, for their later updates and deletes. */
  private static final int REMEMBERED = 10_000;
  private static final String SHOWN = ScopedFeedAccess.class.getName() + ".shown";

  private final DataStore store;
  private final Function<HttpServletRequest, ?> callers;
  private final FieldPolicy fields;
  private final ScopeAnswers answers = new ScopeAnswers();
  private volatile Map<String, Repository<?, ?>> byEntityName;

  private ScopedFeedAccess(Builder builder) {
    this.store = builder.store;
    this.callers = builder.callers;
    this.fields = builder.fields;
  }

  /** Starts with anonymous callers and every field visible. */
  public static Builder builder(DataStore store) {
    return new Builder(store);
  }

  @Override
  public UnaryOperator<ChangeMessage> open(HttpServletRequest request) {
    Object caller = callers.apply(request);
    if (request != null) {
      request.setAttribute(CALLER, caller); // the feed counts each caller's streams by it
    }
    Map<String, Boolean> shown = shownOn(request);
    return change -> {
      String key = change.aggregateType() + ' ' + change.aggregateId();
      Sight sight = sight(change, caller, shown.containsKey(key));
      if (sight.follow) {
        shown.put(key, Boolean.TRUE);
      } else {
        shown.remove(key);
      }
      if (sight == Sight.NONE) {
        return null;
      }
      return fields.apply(change.withoutValues(sight == Sight.WITHOUT_OLD, sight == Sight.WITHOUT_NEW), caller);
    };
  }

  /**
   * The records the request's stream has shown: the stream asks for its filter again as it goes on (the caller's
   * roles may have changed), and what it showed before stays shown, so that the records it follows still say
   * when they leave the caller's scope.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Boolean> shownOn(HttpServletRequest request) {
    Object kept = request == null ? null : request.getAttribute(SHOWN);
    if (kept instanceof Map) {
      return (Map<String, Boolean>) kept;
    }
    Map<String, Boolean> shown = new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > REMEMBERED;
      }
    };
    if (request != null) {
      request.setAttribute(SHOWN, shown);
    }
    return shown;
  }

  /**
   * What a stream shows of a change, and whether it follows the record's later changes: only while the record
   * is in the caller's scope, so that what a record becomes after it left the scope is never shown.
   */
  enum Sight {
    /** Not shown. */
    NONE(false),
    /** Shown whole, and the record followed. */
    FULL(true),
    /** Shown whole (the caller's own write), but the record has left the scope: not followed. */
    FULL_LAST(false),
    /** Shown without what the record was before, which the caller may not have been able to read. */
    WITHOUT_OLD(true),
    /** Shown without what the record became outside the caller's scope: the stream hears that it left. */
    WITHOUT_NEW(false);

    final boolean follow;

    Sight(boolean follow) {
      this.follow = follow;
    }
  }

  /**
   * What {@code caller} may see of {@code change}. The old values of an update are shown when the caller could
   * read the record before it: this stream showed it, or the caller made the write (their write found it in
   * their scope). The new values when the record is in the caller's scope after it, or the caller made it.
   */
  Sight sight(ChangeMessage change, Object caller, boolean shownBefore) {
    Repository<?, ?> repository = repositories().get(change.aggregateType());
    if (repository == null) {
      return Sight.NONE;
    }
    if (!repository.events().hasHandlers(RepositoryTier.SCOPE_QUERY)) {
      return Sight.FULL;
    }
    boolean madeIt = change.user() != null && Objects.equals(change.user(), idOf(caller));
    if ("deleted".equals(change.type())) {
      return madeIt || shownBefore ? Sight.FULL_LAST : Sight.NONE;
    }
    boolean inScope = answers.inScope(change, caller, () -> inScope(repository, change, caller), this::inScopeTogether);
    if ("created".equals(change.type())) {
      return inScope ? Sight.FULL : Sight.NONE;
    }
    if (inScope) {
      return madeIt || shownBefore ? Sight.FULL : Sight.WITHOUT_OLD;
    }
    if (madeIt) {
      return Sight.FULL_LAST;
    }
    return shownBefore ? Sight.WITHOUT_NEW : Sight.NONE;
  }

  /**
   * Whether the record is in the caller's scope now. A connection that broke is asked once more, on another: the
   * question writes nothing, so it can always be asked again (a broken commit of a read, an outcome "unknown" for a
   * write, changed nothing). A failure that remains is thrown, and the feed ends the stream with {@code dropped}:
   * leaving the change out, as before, missed it without a word.
   */
  private static boolean inScope(Repository<?, ?> repository, ChangeMessage change, Object caller) {
    try {
      return count(repository, change, caller);
    } catch (RuntimeException e) {
      DatabaseUnavailableException unavailable = DatabaseUnavailableException.in(e);
      if (unavailable == null || unavailable.saturated()) {
        throw e; // a fault of the scope's code, or a pool that stayed busy for its whole wait: not asked twice
      }
      LOG.debug("change feed: asking again whether {} may see {} {}: {}", idOf(caller), change.aggregateType(),
          change.aggregateId(), e.toString());
      try {
        return count(repository, change, caller);
      } catch (RuntimeException again) {
        again.addSuppressed(e);
        throw again;
      }
    }
  }

  @Override
  public void upcoming(List<ChangeMessage> changes) {
    answers.upcoming(changes);
  }

  /**
   * Whether each record the changes name is in the caller's scope, asked with one query per entity (per
   * {@value #TOGETHER} records) for the changes handed out together: the changes of an entity with a row scope,
   * deletions apart (they ask nothing). A change whose id is no id of its entity is left out, to be asked alone.
   */
  private Map<ChangeMessage, Boolean> inScopeTogether(List<ChangeMessage> changes, Object caller) {
    Map<Repository<?, ?>, Map<Object, List<ChangeMessage>>> byRepository = new LinkedHashMap<>();
    for (ChangeMessage change : changes) {
      Repository<?, ?> repository = repositories().get(change.aggregateType());
      if (repository == null || "deleted".equals(change.type())
          || !repository.events().hasHandlers(RepositoryTier.SCOPE_QUERY)) {
        continue;
      }
      Object id;
      try {
        id = repository.model().convert(repository.model().id().name(), change.aggregateId());
      } catch (RuntimeException notAnId) {
        continue;
      }
      if (id != null) {
        byRepository.computeIfAbsent(repository, r -> new LinkedHashMap<>())
            .computeIfAbsent(id, i -> new ArrayList<>()).add(change);
      }
    }
    Map<ChangeMessage, Boolean> answered = new java.util.IdentityHashMap<>();
    for (Map.Entry<Repository<?, ?>, Map<Object, List<ChangeMessage>>> entity : byRepository.entrySet()) {
      Set<Object> visible = visible(entity.getKey(), new ArrayList<>(entity.getValue().keySet()), caller);
      entity.getValue().forEach((id, named) -> named.forEach(change -> answered.put(change, visible.contains(id))));
    }
    return answered;
  }

  /** The most records one query of {@link #inScopeTogether} asks about. */
  private static final int TOGETHER = 100;

  /** Which of {@code ids} are in the caller's scope, {@value #TOGETHER} a query. */
  private static Set<Object> visible(Repository<?, ?> repository, List<Object> ids, Object caller) {
    Set<Object> visible = new HashSet<>();
    String idName = repository.model().id().name();
    for (int from = 0; from < ids.size(); from += TOGETHER) {
      List<Object> some = ids.subList(from, Math.min(ids.size(), from + TOGETHER));
      for (Object record : repository.list(new Query().where(idName, Operator.IN, some).size(some.size()),
          CallOptions.builder().user(caller).build()).items()) {
        visible.add(repository.model().idOf(record));
      }
    }
    return visible;
  }

  private static boolean count(Repository<?, ?> repository, ChangeMessage change, Object caller) {
    Object id = repository.model().convert(repository.model().id().name(), change.aggregateId());
    return repository.count(new Query().where(repository.model().id().name(), Operator.EQ, id),
        CallOptions.builder().user(caller).build()) > 0;
  }

  private Map<String, Repository<?, ?>> repositories() {
    Map<String, Repository<?, ?>> known = byEntityName;
    if (known == null) {
      known = new HashMap<>();
      for (Repository<?, ?> repository : store.repositories()) {
        known.put(store.sessionFactory().getMetamodel().entity(repository.entityType()).getName(), repository);
      }
      byEntityName = known;
    }
    return known;
  }

  static String idOf(Object caller) {
    return caller instanceof User ? ((User) caller).id() : caller == null ? null : String.valueOf(caller);
  }

  /** Collects how a {@link ScopedFeedAccess} finds the caller and which fields it hides. */
  public static final class Builder {
    private final DataStore store;
    private Function<HttpServletRequest, ?> callers = request -> null;
    private FieldPolicy fields = FieldPolicy.none();

    private Builder(DataStore store) {
      if (store == null) {
        throw new UsageException("ScopedFeedAccess.builder(null): pass the DataStore whose repositories decide which"
            + " records each caller may see");
      }
      this.store = store;
    }

    /**
     * How a feed request's caller is found (a {@code dev.scribe.core.User}, as repositories get it): e.g. the
     * application's authenticator. Null means anonymous; an exception refuses the request with 401.
     */
    public Builder caller(Function<HttpServletRequest, ?> authenticate) {
      if (authenticate == null) {
        throw new UsageException("ScopedFeedAccess.builder(store).caller(null): pass how a request's caller is found,"
            + " e.g. TokenAuthenticator.of(identities)::authenticate, or leave it unset for anonymous callers");
      }
      this.callers = authenticate;
      return this;
    }

    /** The fields left out per entity and per caller's roles; none by default. */
    public Builder fields(FieldPolicy policy) {
      if (policy == null) {
        throw new UsageException("ScopedFeedAccess.builder(store).fields(null): pass a FieldPolicy, FieldPolicy.none()"
            + " for every field");
      }
      this.fields = policy;
      return this;
    }

    public ScopedFeedAccess build() {
      return new ScopedFeedAccess(this);
    }
  }
}
