package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A null where the kernel needs a value is a UsageException naming the argument and what to pass, not a bare NPE. */
class NullArgumentsTest {
  private static final String STORE_EVENTS = "[preCreate, validateCreate, postCreate, preUpdate, postUpdate]";

  private final Scribe scribe = TestTiers.scribe();
  private final EventManager events = scribe.register(TestTiers.STORE, new Object());

  @Test
  void aNullEventNameIsRefusedNamingTheTiersEvents() {
    String message = "the event name is null; name one of the store tier's events " + STORE_EVENTS;

    assertThatThrownBy(() -> events.on((String) null, args -> {})).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> events.fire((String) null, EventArgs.create())).isInstanceOf(UsageException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> events.handlers(null)).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> TestTiers.STORE.event(null)).isInstanceOf(UsageException.class).hasMessage(message);
  }

  @Test
  void aNullOrBlankHandlerNameIsRefusedSoEveryTraceLineNamesItsHandler() {
    for (String name : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> HandlerSpec.of("preCreate").name(name)).isInstanceOf(UsageException.class)
          .hasMessage("HandlerSpec.of(\"preCreate\").name(" + (name == null ? "null" : "\"" + name + "\"") + "): pass"
              + " the name trace and introspection show, e.g. name(\"trimTitle\"), or leave name(...) out for a"
              + " generated one");
    }
    assertThatThrownBy(() -> Scribe.builder().handler(" ", args -> {})).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Scribe.builder().handler(\" \", ...): pass the name binding files use");
    assertThat(events.on(HandlerSpec.of("preCreate").name("trimTitle"), args -> {})).isNotNull();
  }

  @Test
  void aNullEventIsRefused() {
    assertThatThrownBy(() -> events.fire((Event) null, EventArgs.create()))
        .isInstanceOf(UsageException.class)
        .hasMessage("the event is null; pass an event of the store tier (its Tier's event(name)) or fire it by name: "
            + STORE_EVENTS);
  }

  @Test
  void aNullHandlerOrSpecIsRefusedWhenAttaching() {
    assertThatThrownBy(() -> events.on("preCreate", null))
        .isInstanceOf(UsageException.class)
        .hasMessage("on(preCreate, handler) got a null handler; pass the code to run, e.g. on(\"preCreate\", args -> ...)");
    assertThatThrownBy(() -> events.on((HandlerSpec) null, args -> {}))
        .isInstanceOf(UsageException.class)
        .hasMessage("on(spec, handler) got a null spec; pass HandlerSpec.of(\"<event>\"), or call on(\"<event>\", handler)");
    assertThatThrownBy(() -> events.bind(null))
        .isInstanceOf(UsageException.class)
        .hasMessage("bind(spec) got a null spec; pass HandlerSpec.of(\"<event>\").name(\"<registered handler>\")");
    assertThat(events.handlers("preCreate")).isEmpty();
  }

  @Test
  void aNullSubscriberIsRefused() {
    String message = "subscribe(subscriber) got null; pass an object with methods named like store events or annotated"
        + " with @On, or attach a lambda with on(\"<event>\", args -> ...)";

    assertThatThrownBy(() -> events.subscribe(null)).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> events.subscribe(null, "admin.**")).isInstanceOf(UsageException.class).hasMessage(message);
  }

  @Test
  void firingWithNullArgsIsRefusedWithOrWithoutHandlers() {
    String message = "fire(store.preCreate, args) got null args; pass the event's args, e.g."
        + " EventArgs.of(owner, \"admin.tasks.store\") or EventArgs.create()";

    assertThatThrownBy(() -> events.fire("preCreate", null)).isInstanceOf(UsageException.class).hasMessage(message);
    events.on("preCreate", args -> {});
    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, null)).isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @Test
  void aNullTierIsRefusedNamingTheKnownTiers() {
    String message = "the tier is null; pass a Tier constant such as RepositoryTier.TIER (this application knows"
        + " [store, entity])";

    assertThatThrownBy(() -> scribe.tier(null)).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> scribe.register(null, new Object())).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> Scribe.builder().tier(null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Scribe.builder().tier(null): pass the Tier to make known, e.g. RepositoryTier.TIER");
  }

  @Test
  void aNullOwnerIsRefusedAndNothingIsRegistered() {
    int before = scribe.managers().size();

    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, null))
        .isInstanceOf(UsageException.class)
        .hasMessage("register(store, owner) got a null owner; pass the instance whose handlers to register (a controller,"
            + " a repository), or registerType(store, SomeClass.class, ...) for a class");
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, null, Object.class, "Named"))
        .isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> scribe.registerType(TestTiers.ENTITY, null, Object.class))
        .isInstanceOf(UsageException.class)
        .hasMessage("registerType(entity, type, ...) got a null type; pass the class whose instances the events are about,"
            + " e.g. Task.class");
    assertThat(scribe.managers()).hasSize(before);
  }

  @Test
  void aNullBindingFileIsRefused() {
    assertThatThrownBy(() -> Scribe.builder().bindings(null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Scribe.builder().bindings(null): pass the path of a JSON or YAML binding file, e.g."
            + " Path.of(\"bindings.json\")");
    assertThatThrownBy(() -> Scribe.builder().bindingsResource(null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Scribe.builder().bindingsResource(null): pass the class-path name of a binding file, e.g."
            + " \"bindings.json\"");
  }

  @Test
  void aNullArgsKeyIsRefusedAndNothingIsPut() {
    String message = "an args key cannot be null (put with a java.lang.String); put the value under a name: an EventArgs"
        + " or tier constant such as EventArgs.PARAMS, or a key of your own such as \"slug\"";
    EventArgs args = TestTiers.args("tasks.store");
    Map<String, Object> withNullKey = new HashMap<>();
    withNullKey.put("slug", "a");
    withNullKey.put(null, "b");

    assertThatThrownBy(() -> args.put(null, "b")).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> args.putAll(withNullKey)).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> args.putIfAbsent(null, "b")).isInstanceOf(UsageException.class).hasMessage(message);
    assertThatThrownBy(() -> EventArgs.builder().put(null, "b")).isInstanceOf(UsageException.class).hasMessage(message);
    assertThat(args).containsOnlyKeys("self", "path");
  }

  @Test
  void aNullGlobOrOptionsMapIsRefusedByTheOptionsApi() {
    assertThatThrownBy(() -> PathGlob.of(null)).isInstanceOf(UsageException.class)
        .hasMessage("a path glob is null; pass a dotted glob such as \"admin.**\", \"*.store\" or \"**\" for every path");
    assertThatThrownBy(() -> Config.of(null)).isInstanceOf(UsageException.class)
        .hasMessage("Config.of(null): pass the default options, Map.of() (or Config.empty()) for none");
    assertThatThrownBy(() -> Config.empty().override(null, Map.of("a", 1))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("a path glob is null");
    assertThatThrownBy(() -> Config.empty().override("admin.**", null)).isInstanceOf(UsageException.class)
        .hasMessage("override(admin.**, null): pass the options for the paths the glob matches, Map.of() for none");
    assertThatThrownBy(() -> Config.empty().merge(null)).isInstanceOf(UsageException.class)
        .hasMessage("merge(null): pass the Config to merge, Config.empty() for none");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void anOptionWithANullOrNonTextNameIsRefusedNamingIt() {
    Map<String, Object> nullName = new java.util.HashMap<>();
    nullName.put(null, 1);
    Map raw = new java.util.LinkedHashMap();
    raw.put(7, true);

    assertThatThrownBy(() -> Options.of(nullName)).isInstanceOf(UsageException.class)
        .hasMessage("the options {null=1} have the name null for the value 1; name each option with a String, such as"
            + " \"ignoreErrors\"");
    assertThatThrownBy(() -> Config.of(raw)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the options {7=true} have the name 7 (an Integer) for the value true");
    assertThatThrownBy(() -> Config.empty().override("admin.**", nullName)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the options {null=1} have the name null");
    assertThatThrownBy(() -> Config.empty().withDefaults(nullName)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("the options {null=1} have the name null");
  }

  @Test
  void aNullOptionsMapWarningSinkTierNameOrRecordErrorListIsRefusedWhereItIsGiven() {
    assertThatThrownBy(() -> Options.of(null)).isInstanceOf(UsageException.class)
        .hasMessage("Options.of(null): pass the options by name, Map.of() (or Options.empty()) for none");
    assertThatThrownBy(() -> Scribe.builder().warnings(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Scribe.builder().warnings(null): pass where registration warnings go");
    assertThatThrownBy(() -> Tier.builder(null)).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Tier.builder(null): pass the tier's name");
    assertThatThrownBy(() -> Tier.builder(" ")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Tier.builder(\" \"): pass the tier's name");
    assertThatThrownBy(() -> new Veto.RecordError(2, 409, null, Map.of())).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("RecordError(2, 409, null, {}): pass the record's messages and field errors");
  }

  @Test
  void aTierOrEventNameThatCannotBeWrittenAsTierDotEventIsRefusedNamingIt() {
    assertThatThrownBy(() -> Tier.builder("billing.v2")).isInstanceOf(UsageException.class)
        .hasMessage("Tier.builder(\"billing.v2\"): a tier's name has no dot or whitespace: binding files, traces and"
            + " recorders name an event tier.event (billing.preCharge); e.g. Tier.builder(\"billing\")");
    assertThatThrownBy(() -> Tier.builder("bill ing")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("Tier.builder(\"bill ing\"): a tier's name has no dot or whitespace");
    assertThatThrownBy(() -> Tier.builder("billing").events("preCharge", "post.charge")).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: events([preCharge, post.charge]) holds 'post.charge', which has a dot or whitespace;"
            + " an event is named like the method that handles it, e.g. \"postCharge\"");
    assertThatThrownBy(() -> Tier.builder("billing").events("pre Charge")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("tier billing: events([pre Charge]) holds 'pre Charge', which has a dot or whitespace");
  }

  @Test
  void anOwnerEventsPatternThatIsNoRegularExpressionIsRefusedNamingTheCall() {
    assertThatThrownBy(() -> Tier.builder("billing").ownerEvents("on(Pre|Post"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("tier billing: ownerEvents(\"on(Pre|Post\") is not a regular expression (Unclosed group")
        .hasMessageEndingWith("); pass the one the names of the events owners declare match, e.g."
            + " ownerEvents(\"on(Pre|Post)[A-Z][A-Za-z0-9]*\")");
  }

  @Test
  void aUserNeedsAnIdANameAndRolesWithoutNullAndHoldsNoNullRole() {
    assertThatThrownBy(() -> new User(null, "ada", java.util.Set.of())).isInstanceOf(UsageException.class)
        .hasMessage("User(null, ada, []): pass the caller's stable id; an anonymous caller is no User (leave the user"
            + " out, or null)");
    assertThatThrownBy(() -> new User("u1", null, java.util.Set.of())).isInstanceOf(UsageException.class)
        .hasMessage("User(u1, null, []): pass the caller's login or display name");
    assertThatThrownBy(() -> new User("u1", "ada", new java.util.LinkedHashSet<>(java.util.Arrays.asList("admin", null)))).isInstanceOf(UsageException.class)
        .hasMessage("User(u1, ada, [admin, null]): a role is null; pass the roles' names, or an empty set for none");
    assertThatThrownBy(() -> User.of("u1", "ada", "admin", null)).isInstanceOf(UsageException.class)
        .hasMessage("User(u1, ada, [admin, null]): a role is null; pass the roles' names, or an empty set for none");

    User ada = User.of("u1", "ada", "admin");
    assertThat(ada.hasRole(null)).isFalse();
    assertThat(ada.hasAnyRole(java.util.Arrays.asList(null, "admin"))).isTrue();
    assertThat(ada.hasAnyRole(java.util.Arrays.asList((String) null))).isFalse();
    assertThatThrownBy(() -> ada.hasAnyRole(null)).isInstanceOf(UsageException.class)
        .hasMessage("hasAnyRole(null): pass the roles to look for, e.g. List.of(\"admin\")");
    assertThat(User.from(null)).isNull();
  }

  @Test
  void aUserWithABlankIdNameOrRoleIsRefusedNamingTheArgument() {
    assertThatThrownBy(() -> User.of(" ", "ada")).isInstanceOf(UsageException.class)
        .hasMessage("User(\" \", ada, []): the id is blank; pass the caller's stable id; an anonymous caller is no"
            + " User (leave the user out, or null)");
    assertThatThrownBy(() -> User.of("u1", "")).isInstanceOf(UsageException.class)
        .hasMessage("User(u1, \"\", []): the name is blank; pass the caller's login or display name");
    assertThatThrownBy(() -> User.of("u1", "ada", "admin", " ")).isInstanceOf(UsageException.class)
        .hasMessage("User(u1, ada, [admin,  ]): a role is blank; pass the roles' names, or an empty set for none");
  }

  @Test
  void anOptionNeedsANameAndATypeAndOptionsToBeReadFrom() {
    assertThatThrownBy(() -> Option.integer(null, 100)).isInstanceOf(UsageException.class)
        .hasMessage("Option(null, Integer, 100): pass the option's name, the key in the options map, e.g."
            + " Option.integer(\"maxRows\", 1000)");
    assertThatThrownBy(() -> Option.integer(" ", 100)).isInstanceOf(UsageException.class)
        .hasMessage("Option(\" \", Integer, 100): pass the option's name, the key in the options map, e.g."
            + " Option.integer(\"maxRows\", 1000)");
    assertThatThrownBy(() -> new Option<>("maxRows", null, 1)).isInstanceOf(UsageException.class)
        .hasMessage("Option(maxRows, null, 1): pass the type of the option's value, e.g. Integer.class");
    assertThatThrownBy(() -> Option.integer("maxRows", 100).in(null)).isInstanceOf(UsageException.class)
        .hasMessage("maxRows.in(null): pass the effective options to read it from, e.g. args.config()");
  }

  @Test
  void readingAnOptionByANullNameOrAsANullTypeIsAUsageException() {
    Options options = Config.of(java.util.Map.of("maxRows", 5)).resolve("tasks.store");
    for (org.junit.jupiter.api.function.Executable read : java.util.List.<org.junit.jupiter.api.function.Executable>of(
        () -> options.get(null), () -> options.has(null), () -> options.bool(null, true),
        () -> options.integer(null, 1), () -> options.string(null, "x"), () -> options.get(null, Integer.class))) {
      assertThatThrownBy(read::execute).isInstanceOf(UsageException.class)
          .hasMessageEndingWith(": pass the name of the option to read, such as \"ignoreErrors\"");
    }
    assertThatThrownBy(() -> options.bool(null, true)).hasMessageStartingWith("Options.bool(null, ...)");
    assertThatThrownBy(() -> options.get("maxRows", null)).isInstanceOf(UsageException.class)
        .hasMessage("Options.get(\"maxRows\", null): pass the type to read the option as, e.g. get(\"maxRows\","
            + " Integer.class), or get(\"maxRows\") for the value as it is");
    assertThatThrownBy(() -> EventArgs.create().config().get(null)).isInstanceOf(UsageException.class);
    assertThat(options.get("maxRows", Integer.class)).isEqualTo(5);
  }

  @Test
  void aTierRefusesANullListOfEventsOrPrefixesAndANullName() {
    assertThatThrownBy(() -> Tier.builder("billing").events((String[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: events(null): pass the names of the tier's events, e.g. events(\"preCharge\", \"postCharge\")");
    assertThatThrownBy(() -> Tier.builder("billing").events((java.util.List<String>) null)).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: events(null): pass the names of the tier's events, e.g. events(\"preCharge\", \"postCharge\")");
    assertThatThrownBy(() -> Tier.builder("billing").events("preCharge", null)).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: events([preCharge, null]) holds a null or blank name; name each event, e.g. \"preCharge\"");
    assertThatThrownBy(() -> Tier.builder("billing").events(java.util.Arrays.asList("preCharge", " "))).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: events([preCharge,  ]) holds a null or blank name; name each event, e.g. \"preCharge\"");
    assertThatThrownBy(() -> Tier.builder("billing").handlerPrefixes((String[]) null)).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: handlerPrefixes(null): pass the prefixes that mark a method as a handler, e.g."
            + " handlerPrefixes(\"pre\", \"post\")");
    assertThatThrownBy(() -> Tier.builder("billing").handlerPrefixes("pre", null)).isInstanceOf(UsageException.class)
        .hasMessage("tier billing: handlerPrefixes([pre, null]) holds a null or blank prefix; pass the prefixes that mark"
            + " a method as a handler, e.g. handlerPrefixes(\"pre\", \"post\")");
  }
}
