package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trace that records values shows what each handler changed as old -> new, secrets masked, within its limit. */
class TraceValuesTest {
  private final Journal journal = new Journal();
  private final Scribe scribe = TestTiers.builder().trace(true).build();
  private final EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));

  private static EventArgs args() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("title", " Write docs ");
    params.put("password", "hunter2");
    params.put("draft", true);
    return EventArgs.builder().self(new Object()).path("tasks.store").put(EventArgs.PARAMS, params)
        .put(EventArgs.QUERY, Map.of()).put(EventArgs.RESULT, "old").build();
  }

  private List<TraceEntry> run(Event event, EventArgs args) {
    try (TraceScope scope = scribe.openTrace()) {
      scope.trace().recordValues(true);
      events.fire(event, args);
      return scope.trace().entries();
    }
  }

  @Test
  void changesInsideAMapAreShownPerEntryWithOldAndNewValues() {
    events.on(HandlerSpec.of("preCreate").name("trim"), args -> {
      args.params().put("title", ((String) args.params().get("title")).strip());
      args.params().put("slug", "write-docs");
      args.params().remove("draft");
    });

    List<TraceEntry> entries = run(TestTiers.PRE_CREATE, args());

    assertThat(entries.get(1).handler()).isEqualTo("trim");
    assertThat(entries.get(1).changes()).extracting(TraceChange::key, TraceChange::before, TraceChange::after)
        .containsExactly(tuple("params.title", "\" Write docs \"", "\"Write docs\""),
            tuple("params.slug", null, "\"write-docs\""),
            tuple("params.draft", "true", null));
    assertThat(entries.get(0).changes()).isEmpty();
  }

  @Test
  void replacedAddedAndRemovedKeysAreShownWithTheirValues() {
    events.on(HandlerSpec.of("preCreate").name("replace"), args -> {
      args.result(List.of(1, 2, 3));
      args.remove(EventArgs.QUERY);
      args.put("extra", 42);
    });

    TraceEntry entry = run(TestTiers.PRE_CREATE, args()).get(1);

    assertThat(entry.changes()).extracting(TraceChange::key, TraceChange::before, TraceChange::after)
        .containsExactlyInAnyOrder(tuple("result", "\"old\"", "[1, 2, 3]"), tuple("query", "{}", null),
            tuple("extra", null, "42"));
  }

  @Test
  void secretsAreMaskedAtEveryLevel() {
    events.on(HandlerSpec.of("preCreate").name("secrets"), args -> {
      args.params().put("password", "correct horse");
      args.put("apiToken", "abc");
      args.put("headers", Map.of("Authorization", "Bearer xyz", "Accept", "json"));
      args.put("auth", "Bearer xyz");
    });

    TraceEntry entry = run(TestTiers.PRE_CREATE, args()).get(1);

    assertThat(entry.changes().toString()).doesNotContain("hunter2", "correct horse", "abc", "xyz");
    assertThat(entry.changes()).extracting(TraceChange::key, TraceChange::before, TraceChange::after)
        .contains(tuple("params.password", "***", "***"), tuple("apiToken", null, "***"),
            tuple("auth", null, "\"***\""));
  }

  @Test
  void aSecretKeyIsMaskedWhateverItsCaseSpacesUnderscoresOrHyphens() {
    events.on(HandlerSpec.of("preCreate").name("spaced"), args -> {
      args.put("API key", "k1-value");
      args.put("Pass_Word", "k2-value");
      args.put("session-Id", "k3-value");
    });

    TraceEntry entry = run(TestTiers.PRE_CREATE, args()).get(1);

    assertThat(entry.changes().toString()).doesNotContain("k1-value", "k2-value", "k3-value");
    assertThat(entry.changes()).extracting(TraceChange::key, TraceChange::after)
        .contains(tuple("API key", "***"), tuple("Pass_Word", "***"), tuple("session-Id", "***"));
  }

  @Test
  void valuesAreNotRecordedUnlessAskedFor() {
    events.on(HandlerSpec.of("preCreate").name("change"), args -> args.params().put("title", "x"));

    try (TraceScope scope = scribe.openTrace()) {
      events.fire(TestTiers.PRE_CREATE, args());
      TraceEntry entry = scope.trace().entries().get(1);
      assertThat(entry.changedKeys()).containsExactly("params");
      assertThat(entry.changes()).isEmpty();
      assertThat(entry.startNanos()).isNotZero();
    }
  }

  @Test
  void aLimitKeepsTheFirstRunsAndCountsTheRest() {
    List<String> ran = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "h" + i;
      events.on(HandlerSpec.of("preCreate").name(name), args -> ran.add(name));
    }

    try (TraceScope scope = scribe.openTrace()) {
      scope.trace().limit(3);
      events.fire(TestTiers.PRE_CREATE, args());
      assertThat(scope.trace().entries()).extracting(TraceEntry::handler)
          .containsExactly("RecordingOwner.preCreate", "h0", "h1");
      assertThat(scope.trace().dropped()).isEqualTo(3);
    }
    assertThat(ran).containsExactly("h0", "h1", "h2", "h3", "h4");
  }
}
