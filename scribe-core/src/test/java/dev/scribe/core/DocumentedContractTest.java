package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel's javadoc examples, run as written, and what the text around them says they do. */
class DocumentedContractTest {
  private final Scribe scribe = TestTiers.scribe();

  // Veto's javadoc
  @Test
  void theVetoExamplesCarryTheStatusesTheJavadocGives() {
    Veto conflict = new Veto("a task with this title is already open").withStatus(409);
    Veto blank = Veto.builder().field("title", "must not be blank").build();

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.messages()).containsExactly("a task with this title is already open");
    assertThat(blank.status()).isEqualTo(422);
    assertThat(blank.messages()).containsExactly("validation failed");
    assertThat(Veto.builder().field("title", "taken").status(409).build().status()).isEqualTo(409);
  }

  // Config's javadoc: the most specific path wins key by key; an exact path beats *, which beats **
  @Test
  void theConfigExampleResolvesPerPath() {
    Config config = Config.of(Map.of("maxPageSize", 100))
        .override("admin.**", Map.of("maxPageSize", 1000));

    assertThat(config.resolve("admin.tasks.index").integer("maxPageSize", 0)).isEqualTo(1000);
    assertThat(config.resolve("tasks.index").integer("maxPageSize", 0)).isEqualTo(100);

    Config layered = Config.of(Map.of("a", 0, "b", 0))
        .override("admin.tasks.index", Map.of("a", 3))
        .override("**", Map.of("a", 1, "b", 1))
        .override("admin.*.index", Map.of("a", 2, "b", 2));
    assertThat(layered.resolve("admin.tasks.index").integer("a", -1)).isEqualTo(3);
    assertThat(layered.resolve("admin.tasks.index").integer("b", -1)).isEqualTo(2);
    assertThat(layered.resolve("tasks.index").integer("b", -1)).isEqualTo(1);
  }

  // Option's javadoc
  @Test
  void theOptionExampleReadsItsDefaultAndItsValue() {
    Option<Integer> maxRows = Option.integer("maxRows", 1_000);

    assertThat(maxRows.in(Options.of(Map.of()))).isEqualTo(1_000);
    assertThat(maxRows.in(Config.of(Map.of("maxRows", "50")).resolve("tasks.index"))).isEqualTo(50);
    assertThatThrownBy(() -> maxRows.in(Options.of(Map.of("maxRows", "many")))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxRows");
  }

  // Option's javadoc: the default is "null for none", for a switch and a number as for any other type
  @Test
  void anOptionWithoutDefaultIsNullWhenUnsetAndItsValueWhenSet() {
    Option<Boolean> archive = new Option<>("archive", Boolean.class, null);
    Option<Integer> maxRows = new Option<>("maxRows", Integer.class, null);
    Option<String> label = new Option<>("label", String.class, null);

    assertThat(archive.in(Options.empty())).isNull();
    assertThat(maxRows.in(Options.empty())).isNull();
    assertThat(label.in(Options.empty())).isNull();
    assertThat(archive.in(Options.of(Map.of("archive", "true")))).isTrue();
    assertThat(maxRows.in(Options.of(Map.of("maxRows", "50")))).isEqualTo(50);
    assertThatThrownBy(() -> maxRows.in(Options.of(Map.of("maxRows", "many")))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("maxRows");
  }

  // PathGlob's javadoc and core.md: * is one segment, ** any number, none included
  @Test
  void globsMatchAsDocumented() {
    assertThat(PathGlob.of("admin.**").matches("admin.tasks.store")).isTrue();
    assertThat(PathGlob.of("admin.**").matches("admin")).isTrue();
    assertThat(PathGlob.of("**.store").matches("store")).isTrue();
    assertThat(PathGlob.of("*.store").matches("tasks.store")).isTrue();
    assertThat(PathGlob.of("*.store").matches("admin.tasks.store")).isFalse();
    assertThat(PathGlob.of("**").matches(null)).isTrue();
    assertThat(PathGlob.of("*").matches(null)).isFalse();
  }

  // EventArgs' javadoc: params mutated in place or replaced both flow back to the next handler and the caller
  @Test
  void paramsMutatedOrReplacedFlowBack() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    List<Object> seen = new ArrayList<>();
    events.on(HandlerSpec.of("preCreate").priority(2), args -> args.params().put("slug", "write-docs"));
    events.on(HandlerSpec.of("preCreate").priority(1), args -> {
      seen.add(new HashMap<>(args.params()));
      args.put(EventArgs.PARAMS, new HashMap<>(Map.of("title", "replaced")));
    });
    events.on(HandlerSpec.of("preCreate").priority(0), args -> seen.add(new HashMap<>(args.params())));

    EventArgs args = EventArgs.builder().self(new Object()).path("tasks.store")
        .put(EventArgs.PARAMS, new HashMap<>(Map.of("title", "Write docs"))).build();
    events.fire("preCreate", args);

    assertThat(seen).containsExactly(Map.of("title", "Write docs", "slug", "write-docs"), Map.of("title", "replaced"));
    assertThat(args.params()).isEqualTo(Map.of("title", "replaced"));
  }

  // HandlerSpec's javadoc: name, priority and path filter
  @Test
  void aLambdaWithANamePriorityAndPathRunsFirstAndOnlyOnItsPaths() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    List<String> ran = new ArrayList<>();
    events.on("preCreate", args -> ran.add("plain"));
    events.on(HandlerSpec.of("preCreate").name("trimTitle").priority(10).path("admin.**"), args -> ran.add("trimTitle"));

    events.fire("preCreate", TestTiers.args("admin.tasks.store"));
    events.fire("preCreate", TestTiers.args("tasks.store"));

    assertThat(ran).containsExactly("trimTitle", "plain", "plain");
    assertThat(events.handlers("preCreate")).extracting(HandlerInfo::name).startsWith("trimTitle");
  }

  // core.md: a veto stops the later handlers of the event, and the caller receives the same instance
  @Test
  void aVetoStopsTheLaterHandlersAndReachesTheCallerUnchanged() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    Veto veto = new Veto(409, "taken");
    List<String> ran = new ArrayList<>();
    events.on("preCreate", args -> {
      throw veto;
    });
    events.on("preCreate", args -> ran.add("later"));

    assertThatThrownBy(() -> events.fire("preCreate", TestTiers.args("tasks.store"))).isSameAs(veto);
    assertThat(ran).isEmpty();
  }

  // User's javadoc: the caller under "user", absent for anonymous callers
  @Test
  void theUserExampleReadsTheCallerOrNothing() {
    EventArgs signedIn = EventArgs.builder().self(new Object()).path("tasks.store")
        .put(EventArgs.PARAMS, new HashMap<String, Object>()).put(EventArgs.USER, User.of("u1", "ada", "admin")).build();
    EventArgs anonymous = EventArgs.builder().self(new Object()).path("tasks.store")
        .put(EventArgs.PARAMS, new HashMap<String, Object>()).build();

    for (EventArgs args : List.of(signedIn, anonymous)) {
      User user = User.from(args);
      if (user != null) {
        args.params().put("ownerId", user.id());
      }
    }

    assertThat(signedIn.params()).containsEntry("ownerId", "u1");
    assertThat(anonymous.params()).isEmpty();
    assertThat(User.from(signedIn).hasRole("admin")).isTrue();
  }
}
