package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What handlers put, replace or mutate in the args is what the caller reads back. */
class FlowBackTest {
  private final Scribe scribe = TestTiers.scribe();
  private final EventManager events = scribe.register(TestTiers.STORE, new Object());

  private static EventArgs argsWithParams(Map<String, Object> params) {
    return EventArgs.builder().self(new Object()).path("tasks.store").put(EventArgs.PARAMS, params).build();
  }

  @Test
  void aMutatedValueFlowsBack() {
    Map<String, Object> params = new LinkedHashMap<>(Map.of("title", "  Write docs  "));
    events.on("preCreate", args -> args.params().put("title", ((String) args.params().get("title")).strip()));
    events.on("preCreate", args -> args.params().put("slug", "write-docs"));

    EventArgs args = events.fire(TestTiers.PRE_CREATE, argsWithParams(params));

    assertThat(args.params()).isSameAs(params).containsExactly(Map.entry("title", "Write docs"),
        Map.entry("slug", "write-docs"));
  }

  @Test
  void aReplacedValueFlowsBackAndLaterHandlersSeeIt() {
    Map<String, Object> original = new LinkedHashMap<>(Map.of("title", "draft"));
    Map<String, Object> replacement = new LinkedHashMap<>(Map.of("title", "final"));
    List<Object> seenByLater = new ArrayList<>();
    events.on("preCreate", args -> args.params(replacement));
    events.on("preCreate", args -> seenByLater.add(args.params()));

    EventArgs args = events.fire(TestTiers.PRE_CREATE, argsWithParams(original));

    assertThat(args.params()).isSameAs(replacement);
    assertThat(seenByLater).containsExactly(replacement);
    assertThat(original).containsExactly(Map.entry("title", "draft"));
  }

  @Test
  void addedAndRemovedKeysFlowBack() {
    events.on("preCreate", args -> args.put("directive", Map.of("notice", "created")));
    events.on("postCreate", args -> args.remove(EventArgs.PARAMS));

    EventArgs args = argsWithParams(new LinkedHashMap<>());
    events.fire(TestTiers.PRE_CREATE, args);
    events.fire(TestTiers.POST_CREATE, args);

    assertThat(args).containsOnlyKeys("self", "path", "directive");
  }

  @Test
  void handlersOfNestedEventsChangeTheirOwnArgsOnly() {
    events.on("postCreate", args -> args.put("inner", true));
    events.on("preCreate", args -> {
      EventArgs inner = args.withSelf("child");
      events.fire(TestTiers.POST_CREATE, inner);
      args.put("innerSawSelf", inner.self());
      args.put("innerChanged", inner.get("inner"));
    });

    EventArgs args = events.fire(TestTiers.PRE_CREATE, argsWithParams(new LinkedHashMap<>()));

    assertThat(args).doesNotContainKey("inner");
    assertThat(args).containsEntry("innerSawSelf", "child").containsEntry("innerChanged", true);
  }

  @Test
  @SuppressWarnings("removal") // the deprecated accessors of keys another tier owns keep working
  void anEntityValueSetByAHandlerIsWhatTheCallerUses() {
    events.on("preCreate", args -> args.value("SLUG-" + args.value()));

    EventArgs args = EventArgs.builder().self(new Object()).path("tasks.store")
        .put(EventArgs.FIELD_NAME, "slug").put(EventArgs.VALUE, "a").build();
    events.fire(TestTiers.PRE_CREATE, args);

    assertThat(args.fieldName()).isEqualTo("slug");
    assertThat(args.value()).isEqualTo("SLUG-a");
  }
}
