package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options with per-path overrides: the most specific path wins, key by key; equal specificity, the later one. */
class ConfigTest {
  private final Config config = Config.of(Map.of("pageSize", 20, "maxPageSize", 100, "insertable", true))
      .override("admin.tasks.index", Map.of("insertable", false))
      .override("**", Map.of("pageSize", 25))
      .override("admin.tasks.*", Map.of("pageSize", 50))
      .override("admin.**", Map.of("maxPageSize", 1000, "pageSize", 30));

  @Test
  void theMostSpecificMatchingPathWinsKeyByKey() {
    Options admin = config.resolve("admin.tasks.index");

    assertThat(admin.integer("pageSize", 0)).isEqualTo(50);
    assertThat(admin.integer("maxPageSize", 0)).isEqualTo(1000);
    assertThat(admin.bool("insertable", true)).isFalse();
  }

  @Test
  void pathsMatchingOnlyGeneralGlobsGetTheirValuesAndTheDefaults() {
    assertThat(config.resolve("tasks.index").asMap())
        .containsOnly(Map.entry("pageSize", 25), Map.entry("maxPageSize", 100), Map.entry("insertable", true));
    assertThat(config.resolve("admin.users.index").asMap())
        .containsOnly(Map.entry("pageSize", 30), Map.entry("maxPageSize", 1000), Map.entry("insertable", true));
  }

  @Test
  void withoutPathTheDefaultsApply() {
    assertThat(config.resolve(null)).isEqualTo(config.defaults());
    assertThat(config.defaults().integer("pageSize", 0)).isEqualTo(20);
  }

  @Test
  void equallySpecificGlobsApplyInTheOrderTheyWereAdded() {
    Config indexFirst = Config.empty().override("*.index", Map.of("size", 1)).override("tasks.*", Map.of("size", 2));
    Config tasksFirst = Config.empty().override("tasks.*", Map.of("size", 2)).override("*.index", Map.of("size", 1));

    assertThat(indexFirst.resolve("tasks.index").integer("size", 0)).isEqualTo(2);
    assertThat(tasksFirst.resolve("tasks.index").integer("size", 0)).isEqualTo(1);
  }

  @Test
  void overridesAreListedLeastSpecificFirst() {
    assertThat(config.overrides().keySet())
        .containsExactly("**", "admin.**", "admin.tasks.*", "admin.tasks.index");
  }

  @Test
  void aGlobOverriddenTwiceIsListedOnceWithTheOptionsOfBoth() {
    // a merge keeps both configs' overrides: the first one's options were missing from the list, so the checks
    // of the tiers, which read it, never saw them
    Config merged = config.merge(Config.empty().override("admin.**", Map.of("pageSize", 40)));

    assertThat(merged.overrides().keySet()).containsExactly("**", "admin.**", "admin.tasks.*", "admin.tasks.index");
    assertThat(merged.overrides().get("admin.**").asMap())
        .containsOnly(Map.entry("maxPageSize", 1000), Map.entry("pageSize", 40));
    assertThat(merged.resolve("admin.users.index").asMap())
        .containsAllEntriesOf(merged.overrides().get("admin.**").asMap());
  }

  @Test
  void overridingReturnsANewConfigAndLeavesThisOneAlone() {
    Config base = Config.of(Map.of("pageSize", 20));
    Config changed = base.override("tasks.*", Map.of("pageSize", 5));

    assertThat(base.resolve("tasks.index").integer("pageSize", 0)).isEqualTo(20);
    assertThat(changed.resolve("tasks.index").integer("pageSize", 0)).isEqualTo(5);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aNestedListOrMapTheCallerChangesLaterLeavesTheConfigAlone() {
    // the copy was of the top level only: adding to the caller's list changed the running configuration
    List<Object> hidden = new ArrayList<>(List.of("secret"));
    Map<String, Object> limits = new LinkedHashMap<>(Map.of("rows", 10));
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("fields", new ArrayList<>(List.of("title"))));
    Map<String, Object> options = new LinkedHashMap<>(Map.of("hiddenFields", hidden, "limits", limits, "nested", nested));
    Config config = Config.of(options).override("admin.**", options).withDefaults(Map.of("more", limits));

    hidden.add("title");
    limits.put("rows", 99);
    ((List<Object>) nested.get("fields")).add("owner");

    for (String path : List.of("tasks.index", "admin.tasks.index")) {
      Options read = config.resolve(path);
      assertThat(read.get("hiddenFields")).isEqualTo(List.of("secret"));
      assertThat(read.get("limits")).isEqualTo(Map.of("rows", 10));
      assertThat(read.get("more")).isEqualTo(Map.of("rows", 10));
      assertThat(read.get("nested")).isEqualTo(Map.of("fields", List.of("title")));
      assertThatThrownBy(() -> ((List<Object>) read.get("hiddenFields")).add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> ((List<Object>) ((Map<?, ?>) read.get("nested")).get("fields")).add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aSortedMapOrSetKeepsItsOrderAndComparatorInTheCopy() {
    // copied into insertion-ordered collections, a case-insensitive map found "Title" no more, and a set
    // sorted in reverse came back in the order it happened to be walked
    java.util.TreeMap<String, Object> labels = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    labels.put("title", "Name");
    java.util.TreeSet<String> reversed = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
    reversed.addAll(List.of("a", "c", "b"));
    Options read = Config.of(Map.of("labels", labels, "order", reversed)).resolve("tasks.index");

    assertThat(((Map<?, ?>) read.get("labels")).get("TITLE")).isEqualTo("Name");
    assertThat((java.util.Set<Object>) read.get("order")).containsExactly("c", "b", "a");
    assertThatThrownBy(() -> ((Map<String, Object>) read.get("labels")).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void newDefaultsKeepTheOverrides() {
    Config changed = config.withDefaults(Map.of("pageSize", 10, "deletable", false));

    assertThat(changed.resolve("comments.index").integer("pageSize", 0)).isEqualTo(25);
    assertThat(changed.resolve("comments.index").bool("deletable", true)).isFalse();
    assertThat(changed.overrides().keySet()).containsExactly("**", "admin.**", "admin.tasks.*", "admin.tasks.index");
  }

  @Test
  void mergingAppliesTheOtherConfigOnTop() {
    Config merged = config.merge(Config.of(Map.of("maxPageSize", 200)).override("admin.**", Map.of("pageSize", 40)));

    assertThat(merged.resolve("tasks.index").integer("maxPageSize", 0)).isEqualTo(200);
    assertThat(merged.resolve("admin.users.index").integer("pageSize", 0)).isEqualTo(40);
    assertThat(merged.resolve("admin.tasks.index").integer("pageSize", 0)).isEqualTo(50);
  }

  @Test
  void optionsReadTypedValues() {
    Options options = Options.of(Map.of("size", "12", "enabled", "true", "name", 7, "limit", 3L));

    assertThat(options.integer("size", 0)).isEqualTo(12);
    assertThat(options.bool("enabled", false)).isTrue();
    assertThat(options.string("name", null)).isEqualTo("7");
    assertThat(options.integer("limit", 0)).isEqualTo(3);
    assertThat(options.integer("missing", 9)).isEqualTo(9);
    assertThat(options.has("size")).isTrue();
    assertThat(options.get("name", Integer.class)).isEqualTo(7);
  }

  @Test
  void anOptionReadAsAPrimitiveTypeReadsTheBoxedValueAsArgsDo() {
    // int.class refused every Integer as not an int, and gave null for an absent option, which failed its unboxing
    Options options = Options.of(Map.of("maxRows", 500, "strict", true, "ratio", 0.5));

    int maxRows = options.get("maxRows", int.class);
    boolean strict = options.get("strict", boolean.class);
    assertThat(maxRows).isEqualTo(500);
    assertThat(strict).isTrue();
    assertThat(options.get("ratio", double.class)).isEqualTo(0.5);
    assertThatThrownBy(() -> options.get("ratio", int.class)).isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'ratio' is Double '0.5', but must be an int");
    assertThatThrownBy(() -> options.get("missing", int.class)).isInstanceOf(UsageException.class)
        .hasMessage("Options.get(\"missing\", int.class): the options hold no 'missing', and an int cannot be null;"
            + " read it as Integer.class to get null when it is absent, or use integer(\"missing\", fallback)");
    assertThatThrownBy(() -> options.get("missing", long.class)).isInstanceOf(UsageException.class)
        .hasMessageEndingWith("read it as Long.class to get null when it is absent");
  }

  @Test
  void anOptionOfTheWrongTypeIsAnErrorNamingIt() {
    Options options = Options.of(Map.of("pageSize", "many", "insertable", 1));

    assertThatThrownBy(() -> options.integer("pageSize", 20))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'pageSize' is String 'many', but must be an integer");
    assertThatThrownBy(() -> options.bool("insertable", true))
        .hasMessage("option 'insertable' is Integer '1', but must be a boolean");
  }

  @Test
  void anIntegerOutsideTheIntRangeIsRefusedRatherThanWrappedAround() {
    Options options = Options.of(Map.of("maxBatchSize", 4_294_977_296L, "pageSize", (byte) 7,
        "maxPageSize", java.math.BigInteger.valueOf(1000), "size", "3000000000", "small", -2_147_483_648L));

    assertThatThrownBy(() -> options.integer("maxBatchSize", 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("option 'maxBatchSize' is Long '4294977296', but must be an integer from -2147483648 to 2147483647");
    assertThatThrownBy(() -> options.integer("size", 0))
        .hasMessage("option 'size' is String '3000000000', but must be an integer from -2147483648 to 2147483647");
    assertThat(options.integer("pageSize", 0)).isEqualTo(7);
    assertThat(options.integer("maxPageSize", 0)).isEqualTo(1000);
    assertThat(options.integer("small", 0)).isEqualTo(Integer.MIN_VALUE);
  }

  @Test
  void handlersReadTheEffectiveConfigFromTheArgs() {
    Scribe scribe = TestTiers.scribe();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    int[] seen = new int[1];
    events.on("preCreate", args -> seen[0] = args.config().integer("maxPageSize", 0));

    String path = "admin.tasks.index";
    events.fire(TestTiers.PRE_CREATE, EventArgs.builder().path(path).put(EventArgs.CONFIG, config.resolve(path)).build());

    assertThat(seen[0]).isEqualTo(1000);
    assertThat(EventArgs.create().config()).isSameAs(Options.empty());
  }

  @Test
  void resolvingAPathNoGlobCanMatchIsRefusedNamingIt() {
    for (String path : new String[] {"admin..tasks.index", "", ".tasks", "tasks.", "tasks index", "tasks.*"}) {
      assertThatThrownBy(() -> config.resolve(path)).isInstanceOf(UsageException.class)
          .hasMessage("Config.resolve(\"" + path + "\"): a context path is names separated by single dots, such as"
              + " \"admin.tasks.store\", without whitespace or '*'; pass null for the defaults");
      assertThatThrownBy(() -> Config.of(Map.of()).resolve(path)).isInstanceOf(UsageException.class);
    }
  }
}
