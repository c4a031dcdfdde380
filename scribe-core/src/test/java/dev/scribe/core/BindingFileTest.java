package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding files map context path to event to an ordered list of named handlers; every mistake stops start-up. */
class BindingFileTest {
  @TempDir
  Path dir;

  private final Journal journal = new Journal();

  private Scribe.Builder builder() {
    return TestTiers.builder()
        .handler("trimTitle", journal.record("trimTitle"))
        .handler("stampOwner", journal.record("stampOwner"))
        .handler("audit", args -> journal.add("audit@" + args.path()))
        .handler("touch", journal.record("touch"));
  }

  private Path file(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static void fire(EventManager events, String event, String path) {
    events.fire(event, TestTiers.args(path));
  }

  @Test
  void aJsonFileAttachesNamedHandlersInOrderForTheirPaths() throws IOException {
    Path bindings = file("bindings.json", """
        {
          "tasks.**": { "preCreate": ["trimTitle", "stampOwner"] },
          "admin.**": { "preCreate": ["audit"], "postCreate": "audit" }
        }
        """);
    Scribe scribe = builder().bindings(bindings).build();
    EventManager events = scribe.register(TestTiers.STORE, new RecordingOwner(journal));

    fire(events, "preCreate", "tasks.store");
    fire(events, "preCreate", "admin.tasks.store");
    fire(events, "postCreate", "admin.tasks.store");
    fire(events, "preCreate", "comments.store");

    assertThat(journal.entries()).containsExactly(
        "own.preCreate", "trimTitle", "stampOwner",
        "own.preCreate", "audit@admin.tasks.store",
        "own.postCreate", "audit@admin.tasks.store",
        "own.preCreate");
    assertThat(events.handlers("preCreate")).containsExactly(
        new HandlerInfo("RecordingOwner.preCreate", HandlerSource.OWN_METHOD, 0, null, "RecordingOwner"),
        new HandlerInfo("trimTitle", HandlerSource.NAMED, 0, "tasks.**", "tier"),
        new HandlerInfo("stampOwner", HandlerSource.NAMED, 0, "tasks.**", "tier"),
        new HandlerInfo("audit", HandlerSource.NAMED, 0, "admin.**", "tier"));
  }

  @Test
  void aYamlFileWorksTheSame() throws IOException {
    Path bindings = file("bindings.yaml", """
        "tasks.**":
          preCreate:
            - stampOwner
            - trimTitle
        "*.store":
          preCreate: [touch]
        """);
    Scribe scribe = builder().bindings(bindings).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());

    fire(events, "preCreate", "tasks.store");
    fire(events, "preCreate", "tasks.update");

    assertThat(journal.entries()).containsExactly("stampOwner", "trimTitle", "touch", "stampOwner", "trimTitle");
  }

  @Test
  void aFileOnTheClassPathIsRead() {
    Scribe scribe = builder().bindingsResource("bindings/tasks.yaml").build();

    fire(scribe.register(TestTiers.STORE, new Object()), "preCreate", "tasks.store");

    assertThat(journal.entries()).containsExactly("trimTitle", "stampOwner");
  }

  @Test
  void aClassPathNameMayStartWithASlashAndMustNotBeBlank() {
    Scribe scribe = builder().bindingsResource("/bindings/tasks.yaml").build();   // as Class.getResource names it

    fire(scribe.register(TestTiers.STORE, new Object()), "preCreate", "tasks.store");

    assertThat(journal.entries()).containsExactly("trimTitle", "stampOwner");
    for (String blank : new String[] {"", " ", "/"}) {
      assertThatThrownBy(() -> Scribe.builder().bindingsResource(blank))
          .isInstanceOf(UsageException.class)
          .hasMessage("Scribe.builder().bindingsResource(\"" + blank + "\"): pass the class-path name of a binding file,"
              + " e.g. \"bindings.json\"");
    }
  }

  @Test
  void namedHandlersRunBeforeSubscribersAttachedLater() throws IOException {
    Scribe scribe = builder().bindings(file("b.json", "{\"**\": {\"preCreate\": [\"touch\"]}}")).build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());
    events.subscribe(new RecordingHandler("subscriber", journal));

    fire(events, "preCreate", "tasks.store");

    assertThat(journal.entries()).containsExactly("touch", "subscriber.preCreate");
  }

  @Test
  void anEventSeveralTiersShareIsQualifiedWithTheTier() throws IOException {
    Path bindings = file("b.json", "{\"tasks.**\": {\"entity.preUpdate\": [\"touch\"], \"store.preUpdate\": [\"audit\"]}}");
    Scribe scribe = builder().bindings(bindings).build();

    fire(scribe.registerType(TestTiers.ENTITY, Object.class, Object.class), "preUpdate", "tasks.update");
    fire(scribe.register(TestTiers.STORE, new Object()), "preUpdate", "tasks.update");

    assertThat(journal.entries()).containsExactly("touch", "audit@tasks.update");
  }

  @Test
  void anEventOfADiscoveredTierCanBeBound() throws IOException {
    Scribe scribe = Scribe.builder().handler("pong", journal.record("pong"))
        .bindings(file("b.json", "{\"**\": {\"onPing\": [\"pong\"]}}")).build();

    scribe.tier(DiscoveredTierProvider.DISCOVERED).fire("onPing", EventArgs.create());

    assertThat(scribe.tiers()).containsKey("discovered");
    assertThat(journal.entries()).containsExactly("pong");
  }

  @Test
  void anUnknownHandlerNameIsAnErrorNamingFilePathEventAndName() throws IOException {
    Path bindings = file("b.json", "{\"tasks.**\": {\"preCreate\": [\"trimTitle\", \"trimTitel\"]}}");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + bindings + ", path 'tasks.**', event 'preCreate': no handler named 'trimTitel' is"
            + " registered (did you mean trimTitle?); register it with Scribe.builder().handler(\"trimTitel\", ...) or"
            + " fix the name (registered: [trimTitle, stampOwner, audit, touch])");
  }

  @Test
  void anUnknownEventNameIsAnErrorNamingFilePathAndName() throws IOException {
    Path bindings = file("b.json", "{\"admin.**\": {\"preCraete\": [\"audit\"]}}");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + bindings + ", path 'admin.**': 'preCraete' is not an event of any tier"
            + " (did you mean preCreate?); known tiers: [store, entity]");
  }

  @Test
  void anAmbiguousEventNameIsAnError() throws IOException {
    Path bindings = file("b.json", "{\"tasks.**\": {\"preUpdate\": [\"touch\"]}}");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .hasMessage("binding file " + bindings + ", path 'tasks.**': 'preUpdate' is an event of several tiers;"
            + " qualify it as one of [store.preUpdate, entity.preUpdate]");
  }

  @Test
  void anUnknownTierOrEventInAQualifiedNameIsAnError() throws IOException {
    Path unknownTier = file("tier.json", "{\"tasks.**\": {\"controller.onPreStore\": [\"touch\"]}}");
    Path unknownEvent = file("event.json", "{\"tasks.**\": {\"entity.prePersit\": [\"touch\"]}}");

    assertThatThrownBy(() -> builder().bindings(unknownTier).build())
        .hasMessage("binding file " + unknownTier + ", path 'tasks.**': 'controller.onPreStore' names the tier"
            + " 'controller', which is unknown; known tiers: [store, entity]");
    assertThatThrownBy(() -> builder().bindings(unknownEvent).build())
        .hasMessage("binding file " + unknownEvent + ", path 'tasks.**': 'prePersit' is not an event of the entity tier"
            + " (did you mean prePersist?); its events are [prePersist, postPersist, preUpdate]");
  }

  @Test
  void aBadGlobIsAnErrorNamingFileAndPath() throws IOException {
    Path bindings = file("b.json", "{\"admin.*x\": {\"preCreate\": [\"audit\"]}}");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + bindings + ": path glob 'admin.*x' has an invalid segment '*x'; segments are names"
            + " (letters, digits, _ or -), * (one segment) or ** (any number), separated by dots");
  }

  @Test
  void malformedJsonIsAnErrorWithTheLocation() throws IOException {
    Path bindings = file("b.json", "{\n  \"tasks.**\": {\"preCreate\": [\"audit\"]\n}\n");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + bindings + " is not valid JSON at line 4, column 1: Unexpected end-of-input:"
            + " expected close marker for Object (start marker at line 1, column 1)");
  }

  @Test
  void malformedYamlIsAnErrorWithTheLocation() throws IOException {
    Path bindings = file("b.yml", "tasks.**:\n  preCreate: [audit\n");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("binding file " + bindings + " is not valid YAML at line 2, column 20: while parsing a flow"
            + " sequence\n in 'reader', line 2, column 14:\n      preCreate: [audit\n")
        .hasMessageContaining("expected ',' or ']', but got <stream end>");
  }

  @Test
  void aKeyGivenTwiceIsAnError() throws IOException {
    Path bindings = file("b.json", "{\"tasks.**\": {\"preCreate\": [\"audit\"]}, \"tasks.**\": {\"postCreate\": [\"audit\"]}}");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .hasMessage("binding file " + bindings + " is not valid JSON at line 1, column 50: Duplicate field 'tasks.**'");
  }

  @Test
  void whatFollowsTheFirstObjectOrDocumentIsAnErrorNotDropped() throws IOException {
    Path twoObjects = file("two.json", "{\"tasks.**\": {\"preCreate\": [\"audit\"]}}\n{\"admin.**\": {\"postCreate\": [\"audit\"]}}\n");
    Path twoDocuments = file("two.yaml", "tasks.**:\n  preCreate: [audit]\n---\nadmin.**:\n  postCreate: [audit]\n");

    assertThatThrownBy(() -> builder().bindings(twoObjects).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("binding file " + twoObjects + " has more after its object at line 2, column ")
        .hasMessageEndingWith(", which would be ignored; put every context path in one JSON object (or the rest in a"
            + " second binding file)");
    assertThatThrownBy(() -> builder().bindings(twoDocuments).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("binding file " + twoDocuments + " has more after its first document at line ")
        .hasMessageEndingWith(", which would be ignored; put every context path in one YAML document (or the rest in a"
            + " second binding file)");
  }

  @Test
  void wrongShapesAreErrorsNamingWhereTheyAre() throws IOException {
    Path array = file("array.json", "[\"audit\"]");
    Path empty = file("empty.json", "");
    Path pathNotObject = file("path.json", "{\"tasks.**\": [\"audit\"]}");
    Path eventNotList = file("event.json", "{\"tasks.**\": {\"preCreate\": 3}}");
    Path nameNotString = file("name.json", "{\"tasks.**\": {\"preCreate\": [\"audit\", {\"name\": \"touch\"}]}}");
    Path blankName = file("blank.json", "{\"tasks.**\": {\"preCreate\": [\" \"]}}");

    assertThatThrownBy(() -> builder().bindings(array).build())
        .hasMessage("binding file " + array + " must be an object mapping a context path to an object of event ->"
            + " [handler names], found ARRAY");
    assertThatThrownBy(() -> builder().bindings(empty).build())
        .hasMessage("binding file " + empty + " must be an object mapping a context path to an object of event ->"
            + " [handler names], found nothing");
    assertThatThrownBy(() -> builder().bindings(pathNotObject).build())
        .hasMessage("binding file " + pathNotObject + ", path 'tasks.**': expected an object of event -> [handler names],"
            + " found ARRAY");
    assertThatThrownBy(() -> builder().bindings(eventNotList).build())
        .hasMessage("binding file " + eventNotList + ", path 'tasks.**', event 'preCreate': expected a list of handler"
            + " names, found NUMBER");
    assertThatThrownBy(() -> builder().bindings(nameNotString).build())
        .hasMessage("binding file " + nameNotString + ", path 'tasks.**', event 'preCreate': handler names must be"
            + " non-empty strings, found {\"name\":\"touch\"}");
    assertThatThrownBy(() -> builder().bindings(blankName).build())
        .hasMessage("binding file " + blankName + ", path 'tasks.**', event 'preCreate': handler names must be"
            + " non-empty strings, found \" \"");
  }

  @Test
  void aMissingFileIsAnError() {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> builder().bindings(missing).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + missing + " does not exist or is not a file");
    assertThatThrownBy(() -> builder().bindingsResource("bindings/missing.json").build())
        .hasMessage("binding file bindings/missing.json is not on the class path");
  }

  @Test
  void aHandlerNameRegisteredTwiceIsAnError() {
    assertThatThrownBy(() -> builder().handler("audit", args -> {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("a handler named 'audit' is already registered; handler names must be unique");
  }

  @Test
  void aNamedHandlerMustBeGivenWithItsName() {
    assertThatThrownBy(() -> Scribe.builder().handler("trimTitle", null))
        .isInstanceOf(UsageException.class)
        .hasMessage("Scribe.builder().handler(\"trimTitle\", null): pass the handler to run under that name, e.g."
            + " handler(\"trimTitle\", args -> ...)");
    assertThatThrownBy(() -> Scribe.builder().handler(null, args -> {}))
        .isInstanceOf(UsageException.class)
        .hasMessage("Scribe.builder().handler(null, ...): pass the name binding files use for the handler, e.g."
            + " handler(\"trimTitle\", args -> ...)");
  }

  @Test
  void bindingInCodeNeedsARegisteredName() {
    Scribe scribe = builder().build();
    EventManager events = scribe.register(TestTiers.STORE, new Object());

    assertThatThrownBy(() -> events.bind(HandlerSpec.of("preCreate").name("stampOwnr")))
        .hasMessage("no handler named 'stampOwnr' is registered (did you mean stampOwner?); register it with"
            + " Scribe.builder().handler(\"stampOwnr\", ...) or fix the name (registered: [trimTitle, stampOwner, audit,"
            + " touch])");
    assertThatThrownBy(() -> events.bind(HandlerSpec.of("preCreate").name("stamp")))
        .hasMessage("no handler named 'stamp' is registered; register it with Scribe.builder().handler(\"stamp\", ...)"
            + " or fix the name (registered: [trimTitle, stampOwner, audit, touch])");
    assertThatThrownBy(() -> events.bind(HandlerSpec.of("preCreate")))
        .hasMessage("bind(preCreate) needs the name of a registered handler: HandlerSpec.of(\"preCreate\").name(\"...\")");
    assertThat(scribe.namedHandlers()).containsExactly("trimTitle", "stampOwner", "audit", "touch");
  }

  /** A tier whose owners declare events of their own ({@code onPreArchive}), as a controller's custom actions are. */
  private static final Tier DESK = Tier.builder("desk").events("onPreShow", "onPostShow").handlerPrefixes("on")
      .ownerEvents("on(Pre|Post)[A-Z][A-Za-z0-9]*").build();

  @Test
  void anEventAnOwnerDeclaresWaitsForTheOwnerAndIsAttachedForItsPaths() throws IOException {
    Path bindings = file("b.json", "{\"admin.**\": {\"onPostArchive\": [\"audit\"]}}");
    Scribe scribe = builder().tier(DESK).bindings(bindings).build();
    Tier ownActions = Tier.builder("desk").events("onPreArchive", "onPostArchive").build();
    EventManager events = scribe.register(ownActions, new Object(), Object.class, "Desk");

    fire(events, "onPostArchive", "desk.archive");
    fire(events, "onPostArchive", "admin.desk.archive");
    CoreAccessProbe.requireBound(scribe);

    assertThat(journal.entries()).containsExactly("audit@admin.desk.archive");
  }

  @Test
  void anEventNoOwnerDeclaredIsAnErrorOnceTheOwnersAreKnown() throws IOException {
    Path bindings = file("b.json", "{\"admin.**\": {\"desk.onPostArchiv\": [\"audit\"]}}");
    Scribe scribe = builder().tier(DESK).bindings(bindings).build();
    scribe.register(Tier.builder("desk").events("onPreArchive", "onPostArchive").build(), new Object(), Object.class, "Desk");

    assertThatThrownBy(() -> CoreAccessProbe.requireBound(scribe))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("binding file " + bindings + ", path 'admin.**': 'desk.onPostArchiv' is not an event of any tier nor of"
            + " the desks (did you mean onPostArchive?); their actions' events are [onPreArchive, onPostArchive]");
  }

  @Test
  void aSlipForAnEventOfTheTierIsStillAnErrorAtBuild() throws IOException {
    Path bindings = file("b.json", "{\"admin.**\": {\"onPostShwo\": [\"audit\"]}}");

    assertThatThrownBy(() -> builder().tier(DESK).bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'onPostShwo' is not an event of any tier (did you mean onPostShow?)");
  }

  @Test
  void withoutATierWhoseOwnersDeclareEventsSuchANameIsAnErrorAtBuild() throws IOException {
    Path bindings = file("b.json", "{\"admin.**\": {\"onPostArchive\": [\"audit\"]}}");

    assertThatThrownBy(() -> builder().bindings(bindings).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'onPostArchive' is not an event of any tier");
  }

  private static final class CoreAccessProbe {
    static void requireBound(Scribe scribe) {
      dev.scribe.core.internal.CoreAccess.get().requireAwaitedBindingsBound(scribe, "the desks");
    }
  }
}
