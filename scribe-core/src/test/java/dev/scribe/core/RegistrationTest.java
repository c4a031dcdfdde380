package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks made when an owner is registered or a subscriber attached: signature errors and near-miss warnings. */
class RegistrationTest {
  private static final String STORE_EVENTS = "[preCreate, validateCreate, postCreate, preUpdate, postUpdate]";

  private final List<String> warnings = new ArrayList<>();
  private final Scribe scribe = TestTiers.builder().warnings(warnings::add).build();

  interface Stamping {
    default void preCreate(EventArgs args) {
      args.put("stamped", "by " + getClass().getSimpleName());
    }

    default void postCreat(EventArgs args) {}
  }

  static class StampingOwner implements Stamping {}

  static class OverridingOwner implements Stamping {
    @Override
    public void preCreate(EventArgs args) {
      args.put("stamped", "overridden");
    }
  }

  static class StampingSubscriber implements Stamping {}

  @Test
  void aDefaultMethodOfAnImplementedInterfaceIsAHandlerAsASuperclassMethodIs() {
    EventManager owner = scribe.register(TestTiers.STORE, new StampingOwner());
    EventManager overriding = scribe.register(TestTiers.STORE, new OverridingOwner());
    EventManager subscribed = scribe.register(TestTiers.STORE, new Object());
    subscribed.subscribe(new StampingSubscriber());

    assertThat(owner.fire("preCreate", TestTiers.args("tasks.store")).get("stamped")).isEqualTo("by StampingOwner");
    assertThat(overriding.fire("preCreate", TestTiers.args("tasks.store")).get("stamped")).isEqualTo("overridden");
    assertThat(subscribed.fire("preCreate", TestTiers.args("tasks.store")).get("stamped")).isEqualTo("by StampingSubscriber");
    assertThat(owner.handlers("preCreate")).extracting(HandlerInfo::name).containsExactly("Stamping.preCreate");
    assertThat(overriding.handlers("preCreate")).extracting(HandlerInfo::name).containsExactly("OverridingOwner.preCreate");
    assertThat(warnings).contains("Stamping.postCreat matches no store event; did you mean postCreate?");
  }

  static class WrongParameter {
    void preCreate(String title) {}
  }

  static class NoParameter {
    void postCreate() {}
  }

  static class WrongReturn {
    boolean preCreate(EventArgs args) {
      return true;
    }
  }

  static class StaticHandler {
    static void preCreate(EventArgs args) {}
  }

  static class UnknownOn {
    @On("preCreat")
    void trim(EventArgs args) {}
  }

  static class AnnotatedWrongParameter {
    @On("preCreate")
    void trim(Map<String, Object> params) {}
  }

  static class BadOnPath {
    @On(value = "preCreate", path = "admin..tasks")
    void trim(EventArgs args) {}
  }

  static class NearMisses {
    void preCreat(EventArgs args) {}

    void postCraete(EventArgs args) {}

    void preFrobnicate(EventArgs args) {}

    void prepare() {}

    void helper(EventArgs args) {}
  }

  static class HalfValid {
    void postCreate(EventArgs args) {}

    void preCreate(Object args) {}
  }

  static class Unrelated {
    void save() {}
  }

  static class OnlyANearMiss {
    void preCreat(EventArgs args) {}
  }

  static class ThrowsChecked {
    void preCreate(EventArgs args) throws java.io.IOException {}
  }

  static class ThrowsUnchecked {
    void preCreate(EventArgs args) throws IllegalStateException {}
  }

  @Test
  void ownMethodWithWrongParameterIsAnErrorNamingClassMethodAndFix() {
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new WrongParameter()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("WrongParameter.preCreate(String) must take (EventArgs), but its name makes it a handler of the"
            + " store event preCreate; declare it as an instance method 'void preCreate(EventArgs args)', or rename it");
  }

  @Test
  void subscriberWithWrongParameterIsTheSameError() {
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new WrongParameter()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("WrongParameter.preCreate(String) must take (EventArgs), but its name makes it a handler of the"
            + " store event preCreate; declare it as an instance method 'void preCreate(EventArgs args)', or rename it");
  }

  @Test
  void methodWithoutParameterIsAnError() {
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new NoParameter()))
        .hasMessage("NoParameter.postCreate() must take (EventArgs), but its name makes it a handler of the"
            + " store event postCreate; declare it as an instance method 'void postCreate(EventArgs args)', or rename it");
  }

  @Test
  void wrongReturnTypeIsAnError() {
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new WrongReturn()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("WrongReturn.preCreate(EventArgs) returns boolean, but its name makes it a handler of the"
            + " store event preCreate; declare it as an instance method 'void preCreate(EventArgs args)', or rename it");
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new WrongReturn()))
        .hasMessageStartingWith("WrongReturn.preCreate(EventArgs) returns boolean, but its name");
  }

  @Test
  void staticMethodIsAnError() {
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new StaticHandler()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("StaticHandler.preCreate(EventArgs) is static, but its name makes it a handler of the"
            + " store event preCreate; declare it as an instance method 'void preCreate(EventArgs args)', or rename it");
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new StaticHandler()))
        .hasMessageStartingWith("StaticHandler.preCreate(EventArgs) is static");
  }

  @Test
  void onWithUnknownEventIsAnErrorWithTheClosestEvent() {
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new UnknownOn()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("UnknownOn.trim is annotated @On(\"preCreat\"), but 'preCreat' is not an event of the store tier"
            + " (did you mean preCreate?); its events are " + STORE_EVENTS);
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new UnknownOn()))
        .hasMessageStartingWith("UnknownOn.trim is annotated @On(\"preCreat\")");
  }

  @Test
  void annotatedMethodWithWrongParameterIsBlamedOnTheAnnotation() {
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new AnnotatedWrongParameter()))
        .hasMessage("AnnotatedWrongParameter.trim(Map) must take (EventArgs), but its @On annotation makes it a handler"
            + " of the store event preCreate; declare it as an instance method 'void trim(EventArgs args)', or remove"
            + " the annotation");
  }

  @Test
  void onWithInvalidPathGlobNamesTheMethod() {
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new BadOnPath()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("BadOnPath.trim is annotated @On(path = \"admin..tasks\"): path glob 'admin..tasks' has an invalid"
            + " segment ''; segments are names (letters, digits, _ or -), * (one segment) or ** (any number),"
            + " separated by dots");
  }

  @Test
  void nearMissNamesOfOwnMethodsAreWarnedWithTheClosestEvent() {
    scribe.register(TestTiers.STORE, new NearMisses());

    assertThat(warnings).containsExactly(
        "NearMisses.postCraete matches no store event; did you mean postCreate?",
        "NearMisses.preCreat matches no store event; did you mean preCreate?",
        "NearMisses.preFrobnicate takes EventArgs but matches no store event, so it never runs; rename it to one of "
            + STORE_EVENTS + " or annotate it with @On(\"event\")");
  }

  @Test
  void nearMissNamesOfSubscribersAreWarnedToo() {
    scribe.tier(TestTiers.STORE).subscribe(new Object() {
      void preCreat(EventArgs args) {}

      void postCreate(EventArgs args) {}
    });

    assertThat(warnings).containsExactly("RegistrationTest$1.preCreat matches no store event; did you mean preCreate?");
  }

  @Test
  void aRefusedSubscriberAttachesNothing() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());

    assertThatThrownBy(() -> events.subscribe(new HalfValid())).isInstanceOf(ConfigurationException.class);

    assertThat(events.hasHandlers(TestTiers.POST_CREATE)).isFalse();
  }

  @Test
  void subscriberWithoutHandlerMethodsIsAnError() {
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new Unrelated()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Unrelated has no method named like a store event and none annotated with @On, so subscribing it"
            + " does nothing; store events are " + STORE_EVENTS);
  }

  @Test
  void subscriberWhoseOnlyMethodIsANearMissIsAnErrorThatSaysDidYouMean() {
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new OnlyANearMiss()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("OnlyANearMiss has no method named like a store event and none annotated with @On, so subscribing"
            + " it does nothing; OnlyANearMiss.preCreat matches no store event; did you mean preCreate?");
  }

  @Test
  void handlerMethodDeclaringACheckedExceptionIsRefusedAtRegistration() {
    String message = "ThrowsChecked.preCreate declares 'throws IOException', a checked exception, but its name makes it"
        + " a handler of the store event preCreate, and handlers throw unchecked exceptions only; catch it in the"
        + " method and throw a Veto to refuse the operation, or wrap it in an unchecked exception";
    assertThatThrownBy(() -> scribe.register(TestTiers.STORE, new ThrowsChecked()))
        .isInstanceOf(ConfigurationException.class).hasMessage(message);
    assertThatThrownBy(() -> scribe.tier(TestTiers.STORE).subscribe(new ThrowsChecked()))
        .isInstanceOf(ConfigurationException.class).hasMessage(message);
  }

  @Test
  void handlerMethodDeclaringAnUncheckedExceptionIsAccepted() {
    EventManager events = scribe.register(TestTiers.STORE, new ThrowsUnchecked());

    assertThat(events.hasHandlers(TestTiers.PRE_CREATE)).isTrue();
  }

  @Test
  void lambdaForUnknownEventIsAnError() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());

    assertThatThrownBy(() -> events.on("preCraete", args -> {}))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("'preCraete' is not an event of the store tier (did you mean preCreate?); its events are "
            + STORE_EVENTS);
  }

  @Test
  void firingAnEventOfAnotherTierIsAnError() {
    EventManager events = scribe.register(TestTiers.STORE, new Object());

    assertThatThrownBy(() -> events.fire(TestTiers.ENTITY.event("prePersist"), EventArgs.create()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("event entity.prePersist belongs to the entity tier; this manager (Object) fires store events");
  }

  abstract static class FrameworkBase {
    final Journal journal = new Journal();

    void preCreate(EventArgs args) {
      journal.add("framework.preCreate");
    }
  }

  static class ApplicationBase extends FrameworkBase {
    void postCreate(EventArgs args) {
      journal.add("applicationBase.postCreate");
    }

    void preUpdate(EventArgs args) {
      journal.add("applicationBase.preUpdate");
    }
  }

  static class Application extends ApplicationBase {
    @Override
    void preUpdate(EventArgs args) {
      journal.add("application.preUpdate");
    }

    private void postUpdate(EventArgs args) {
      journal.add("application.postUpdate (private)");
    }
  }

  @Test
  void ownMethodsComeFromTheClassAndItsSuperclassesUpToTheFrameworkBase() {
    Application owner = new Application();
    EventManager events = scribe.register(TestTiers.STORE, owner, FrameworkBase.class);

    for (String event : List.of("preCreate", "postCreate", "preUpdate", "postUpdate")) {
      events.fire(event, TestTiers.args("tasks.store"));
    }

    assertThat(owner.journal.entries())
        .containsExactly("applicationBase.postCreate", "application.preUpdate", "application.postUpdate (private)");
    assertThat(events.handlers("preUpdate")).extracting(HandlerInfo::name).containsExactly("Application.preUpdate");
  }
}
