package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel's API used as docs/core.md and the javadoc of its classes say, misuses included. */
class DocumentedApiProbeTest {
  @TempDir Path dir;

  @Test
  void typedAccessorsReadingAnotherTypeNameTheKeyAndWhatItHolds() {
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.INDEX, 3L).build().index())
        .isInstanceOf(ArgsContractException.class)
        .hasMessage("the args key 'index' was read as a java.lang.Integer, but it holds a java.lang.Long; read it as"
            + " what it holds, or find the handler that put it there");
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.PARAMS, List.of()).build().params())
        .isInstanceOf(ArgsContractException.class).hasMessageContaining("(the params of a batch are the list of its records)");
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.CONFIG, Map.of()).build().config())
        .isInstanceOf(ArgsContractException.class).hasMessageContaining("'config' was read as a dev.scribe.core.Options");
    assertThat(EventArgs.create().config()).isEqualTo(Options.empty());
    assertThat(EventArgs.create().frontEndOptions()).isEmpty();
    assertThat(EventArgs.create().params()).isNull();
    assertThat(EventArgs.of(this, "a").withSelf("x").self(String.class)).isEqualTo("x");
    assertThatThrownBy(() -> EventArgs.of(this, "a").copy().put(EventArgs.PATH, "b"))
        .isInstanceOf(ReadOnlyArgumentException.class);
  }

  @Test
  void aTypedReadWithANullTypeIsAUsageException() {
    EventArgs args = EventArgs.builder().self(this).path("tasks.store").put("slug", "a-b").build();
    assertThatThrownBy(() -> args.get("slug", null)).isInstanceOf(UsageException.class)
        .hasMessage("get(\"slug\", null): pass the type to read the value as, e.g. get(\"slug\", String.class), or"
            + " get(key) for the value as it is");
    assertThatThrownBy(() -> args.self(null)).isInstanceOf(UsageException.class).hasMessageStartingWith("get(\"self\", null)");
    assertThatThrownBy(() -> args.entity(null)).isInstanceOf(UsageException.class);
    assertThat(args.get("slug", String.class)).isEqualTo("a-b");
    assertThat(args.get("missing", String.class)).isNull();
  }

  @Test
  void theArgsBuilderRefusesWhatPutRefusesAndAPathOrActionThatIsNoText() {
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.PATH, 42)).isInstanceOf(UsageException.class)
        .hasMessage("EventArgs.builder().put(\"path\", 42): the path is text, not a java.lang.Integer; pass a String,"
            + " e.g. path(\"admin.tasks.store\")");
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.ACTION, 7)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("EventArgs.builder().put(\"action\", 7): the action is text");
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.RESULTS, "x")).isInstanceOf(ArgsContractException.class)
        .hasMessageStartingWith("a java.lang.String cannot go under the args key 'results', which must hold a List");
    assertThatThrownBy(() -> EventArgs.builder().put(EventArgs.QUERY, List.of())).isInstanceOf(ArgsContractException.class)
        .hasMessageContaining("under the args key 'query', which must hold a Map");
    assertThat(EventArgs.builder().put(EventArgs.PATH, "tasks.store").put(EventArgs.ACTION, null).build().path())
        .isEqualTo("tasks.store");
  }

  @Test
  void aSubscriberOrLambdaAttachedTwiceToOneManagerRunsOnceUntilBothAreRemoved() {
    EventManager events = TestTiers.scribe().register(TestTiers.STORE, new Object());
    AtomicInteger runs = new AtomicInteger();
    Object subscriber = new Object() {
      void preCreate(EventArgs args) {
        runs.incrementAndGet();
      }
    };
    Subscription first = events.subscribe(subscriber);
    Subscription second = events.subscribe(subscriber);
    events.fire("preCreate", TestTiers.args("a"));
    assertThat(runs).hasValue(1);
    first.remove();
    events.fire("preCreate", TestTiers.args("a"));
    assertThat(runs).hasValue(2);
    second.close();
    second.close();
    events.fire("preCreate", TestTiers.args("a"));
    assertThat(runs).hasValue(2);
    assertThat(first.active()).isFalse();
  }

  @Test
  void unknownOrNullEventNamesAndBadGlobsAreRefusedNamingThem() {
    Scribe scribe = TestTiers.scribe();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    assertThatThrownBy(() -> events.on(HandlerSpec.of(null), args -> {})).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the event name is null; name one of the store tier's events");
    assertThatThrownBy(() -> events.handlers("preCreat")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("(did you mean preCreate?)");
    assertThatThrownBy(() -> events.on(HandlerSpec.of("preCreate").name("trim").path("a..b"), args -> {}))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("handler trim of store.preCreate: path glob 'a..b'");
    assertThatThrownBy(() -> events.bind(HandlerSpec.of("preCreate").name("nope")))
        .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("no handler named 'nope' is registered");
    assertThatThrownBy(() -> Config.empty().override(null, Map.of())).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> Scribe.builder().maxDepth(0)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("maxDepth must be at least 1 and at most 256, not 0;");
  }

  @Test
  void aHandlerListedTwiceForOneEventAndPathOfABindingFileIsRefused() throws Exception {
    Path json = Files.writeString(dir.resolve("bindings.json"), "{ \"**\": { \"preCreate\": [\"trim\", \"stamp\", \"trim\"] } }");
    assertThatThrownBy(() -> TestTiers.builder().handler("trim", args -> {}).handler("stamp", args -> {}).bindings(json).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + json + ", path '**', event 'preCreate': handler 'trim' is listed twice; list each"
            + " handler once (it runs once per event)");
    Path twoPaths = Files.writeString(dir.resolve("paths.json"),
        "{ \"**\": { \"preCreate\": [\"trim\"] }, \"admin.**\": { \"preCreate\": [\"trim\"] } }");
    assertThat(TestTiers.builder().handler("trim", args -> {}).bindings(twoPaths).build().namedHandlers()).containsExactly("trim");
  }

  @Test
  void subscribeFireAndRemoveFromManyThreadsAtOnce() throws Exception {
    EventManager events = TestTiers.scribe().register(TestTiers.STORE, new Object());
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 500; i++) {
          Subscription subscription = events.on("preCreate", args -> runs.incrementAndGet());
          events.fire("preCreate", TestTiers.args("a"));
          subscription.remove();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(events.handlers("preCreate")).isEmpty();
    assertThat(runs.get()).isGreaterThanOrEqualTo(2000);
  }

  static final class Owner {
    final List<String> log;

    Owner(List<String> log) {
      this.log = log;
    }

    void preCreate(EventArgs args) {
      log.add("own");
    }

    @On(priority = -5)
    void postCreate(EventArgs args) {
      log.add("own-5");
    }
  }

  @Test
  void theDocumentedOrderHoldsAcrossTheOwnerAndItsTier() throws Exception {
    List<String> log = new ArrayList<>();
    Path bindings = Files.writeString(dir.resolve("order.json"), "{ \"**\": { \"store.preCreate\": [\"named\"] } }");
    Scribe scribe = TestTiers.builder().handler("named", args -> log.add("named")).bindings(bindings).build();
    scribe.tier(TestTiers.STORE).on("preCreate", args -> log.add("tier-lambda-1"));
    EventManager events = scribe.register(TestTiers.STORE, new Owner(log));
    events.on("preCreate", args -> log.add("owner-lambda-2"));
    scribe.tier(TestTiers.STORE).subscribe(new Object() {
      void preCreate(EventArgs args) {
        log.add("tier-subscriber-3");
      }
    });
    events.on(HandlerSpec.of("preCreate").priority(1), args -> log.add("owner-priority-1"));
    events.on(HandlerSpec.of("preCreate").priority(-1), args -> log.add("owner-priority-minus-1"));
    scribe.tier(TestTiers.STORE).on(HandlerSpec.of("preCreate").priority(2), args -> log.add("tier-priority-2"));

    events.fire("preCreate", TestTiers.args("tasks.store"));

    assertThat(log).containsExactly("tier-priority-2", "owner-priority-1", "own", "named", "tier-lambda-1",
        "owner-lambda-2", "tier-subscriber-3", "owner-priority-minus-1");
    log.clear();
    events.on("postCreate", args -> log.add("lambda-0"));
    events.fire("postCreate", TestTiers.args("tasks.store"));
    assertThat(log).containsExactly("lambda-0", "own-5");
  }

  @Test
  void oneSubscriberOnTheOwnerAndTheTierRunsOnceForThePathsOfEither() {
    List<String> log = new ArrayList<>();
    Scribe scribe = TestTiers.scribe();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    Object audit = new Object() {
      void preCreate(EventArgs args) {
        log.add(args.path());
      }
    };
    events.subscribe(audit, "admin.**");
    scribe.tier(TestTiers.STORE).subscribe(audit, "tasks.**");
    for (String path : List.of("admin.tasks.store", "tasks.store", "other.store")) {
      events.fire("preCreate", TestTiers.args(path));
    }
    assertThat(log).containsExactly("admin.tasks.store", "tasks.store");
  }

  @Test
  void anEventFiredInsideAHandlerRunsBeforeTheNextHandlerOfTheOuterEvent() {
    List<String> log = new ArrayList<>();
    EventManager events = TestTiers.scribe().register(TestTiers.STORE, new Object());
    events.on("preCreate", args -> {
      log.add("outer-1");
      events.fire("postCreate", args);
    });
    events.on("preCreate", args -> log.add("outer-2"));
    events.on("postCreate", args -> log.add("inner"));
    events.fire("preCreate", TestTiers.args("a"));
    assertThat(log).containsExactly("outer-1", "inner", "outer-2");
  }

  @Test
  void aNestedTraceScopeJoinsTheOuterOneAndClosingItLeavesTheOuterRecording() {
    Scribe scribe = TestTiers.builder().trace(true).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.on(HandlerSpec.of("preCreate").name("count"), args -> {});
    try (TraceScope outer = scribe.openTrace()) {
      try (TraceScope inner = scribe.openTrace()) {
        assertThat(inner.trace()).isSameAs(outer.trace());
        events.fire("preCreate", TestTiers.args("a"));
      }
      assertThat(scribe.currentTrace()).isSameAs(outer.trace());
      events.fire("preCreate", TestTiers.args("b"));
      assertThat(outer.trace().entries()).extracting(TraceEntry::path).containsExactly("a", "b");
      outer.close();
      outer.close();
      assertThat(scribe.currentTrace()).isNull();
    }
    assertThat(TestTiers.scribe().openTrace().trace()).isNull();
  }

  static final class PathAudit {
    final List<String> log = new ArrayList<>();

    void preCreate(EventArgs args) {
      log.add("preCreate " + args.path());
    }

    @On(path = "admin.**")
    void postCreate(EventArgs args) {
      log.add("postCreate " + args.path());
    }

    @On("preUpdate")
    void validateCreate(EventArgs args) {
      log.add("annotated " + args.path());
    }
  }

  @Test
  void aSubscribersGlobAppliesUnlessAnOnSaysOtherwiseAndOnNamesTheEvent() {
    EventManager events = TestTiers.scribe().register(TestTiers.STORE, new Object());
    PathAudit audit = new PathAudit();
    events.subscribe(audit, "tasks.**");
    for (String path : List.of("tasks.store", "admin.store")) {
      for (String event : List.of("preCreate", "postCreate", "validateCreate", "preUpdate")) {
        events.fire(event, TestTiers.args(path));
      }
    }
    assertThat(audit.log).containsExactly("preCreate tasks.store", "annotated tasks.store", "postCreate admin.store");
  }

  @Test
  void aVetoWithABlankMessageIsRefusedAsOneWithoutIsButABlankFieldNameIsTaken() {
    assertThatThrownBy(() -> new Veto("")).isInstanceOf(UsageException.class)
        .hasMessage("a veto's message is blank (\"\"); pass the text that says what was refused and why, e.g. new"
            + " Veto(\"a task with this title is already open\"), or Veto.field(field, message) for a field error");
    assertThatThrownBy(() -> new Veto(409, "  ")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("a veto's message is blank (\"  \")");
    assertThatThrownBy(() -> Veto.builder().message(" ")).isInstanceOf(UsageException.class)
        .hasMessage("Veto.builder().message(\" \"): pass the text that says what was refused and why");
    assertThat(Veto.field("", "is not an attribute of task").fieldErrors())
        .as("a client's JSON may have the key \"\": its refusal must not fail in turn")
        .containsExactly(java.util.Map.entry("", List.of("is not an attribute of task")));
    assertThatThrownBy(() -> Veto.field("title", "")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the veto's field error for 'title' has a blank message");
    assertThat(new Veto(409, "taken").messages()).containsExactly("taken");
  }

  @Test
  void anOwnerRegisteredUnderANullOrBlankNameIsRefused() {
    Scribe scribe = TestTiers.scribe();
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new Object(), Object.class, null))
        .isInstanceOf(UsageException.class)
        .hasMessage("register(store, Object, ..., null): pass the owner's name that introspection and trace show, e.g."
            + " \"Controller<Subtask>\", or register(tier, owner, frameworkBase) to name it by its class");
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new Object(), Object.class, " "))
        .isInstanceOf(UsageException.class);
    assertThat(scribe.register(TestTiers.STORE, new Object(), Object.class, "Shop").owner()).isEqualTo("Shop");
  }
}
