package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The identity keys self, path, action and controller are read-only once the args are built. */
class ReadOnlyKeysTest {
  private static final String RULE = "; identity keys (self, path, action, controller) are set when the args are built"
      + " and cannot be replaced or removed: change values inside them, or put the data under another key";

  private final Scribe scribe = TestTiers.scribe();
  private final EventManager events = scribe.register(TestTiers.STORE, new Object());
  private final Object owner = new Object();
  private final EventArgs args = EventArgs.builder().self(owner).path("tasks.store").action("store")
      .controller("TaskController").put(EventArgs.PARAMS, Map.of()).build();

  static final class PathRewriter {
    void preCreate(EventArgs args) {
      args.put(EventArgs.PATH, "admin.tasks.store");
    }
  }

  @Test
  void replacingAnIdentityKeyInAHandlerIsAnErrorNamingTheHandler() {
    events.subscribe(new PathRewriter());

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .isInstanceOfSatisfying(ReadOnlyArgumentException.class, e -> {
          assertThat(e.key()).isEqualTo("path");
          assertThat(e.handler()).isEqualTo("PathRewriter.preCreate");
        })
        .hasMessage("handler PathRewriter.preCreate tried to replace the read-only args key 'path'" + RULE);
    assertThat(args.path()).isEqualTo("tasks.store");
  }

  @Test
  void removingAnIdentityKeyInAHandlerIsAnErrorNamingTheHandler() {
    events.on(HandlerSpec.of("preCreate").name("dropSelf"), a -> a.remove(EventArgs.SELF));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .hasMessage("handler dropSelf tried to remove the read-only args key 'self'" + RULE);
    assertThat(args.self()).isSameAs(owner);
  }

  @Test
  void clearingTheArgsInAHandlerIsAnErrorAndChangesNothing() {
    events.on(HandlerSpec.of("preCreate").name("wipe"), EventArgs::clear);

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .hasMessage("handler wipe tried to remove the read-only args key 'self'" + RULE);
    assertThat(args).containsOnlyKeys("self", "path", "action", "controller", "params");
  }

  @Test
  void putAllWithAnIdentityKeyChangesNothing() {
    events.on(HandlerSpec.of("preCreate").name("merge"), a -> a.putAll(Map.of("fresh", 1, "action", "update")));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .hasMessage("handler merge tried to replace the read-only args key 'action'" + RULE);
    assertThat(args).doesNotContainKey("fresh").containsEntry("action", "store");
  }

  @Test
  void replaceAllOnIdentityKeysIsRefusedAndOtherwiseAllowed() {
    assertThatThrownBy(() -> args.replaceAll((k, v) -> k.equals("controller") ? "Other" : v))
        .hasMessage("cannot replace the args key 'controller': it is read-only" + RULE);
    assertThat(args.controller()).isEqualTo("TaskController");

    args.replaceAll((k, v) -> k.equals("params") ? Map.of("title", "x") : v);
    assertThat(args.params()).containsExactly(Map.entry("title", "x"));
  }

  @Test
  void writesOutsideAHandlerAreRefusedWithoutAHandlerName() {
    assertThatThrownBy(() -> args.put(EventArgs.SELF, new Object()))
        .isInstanceOfSatisfying(ReadOnlyArgumentException.class, e -> assertThat(e.handler()).isNull())
        .hasMessage("cannot replace the args key 'self': it is read-only" + RULE);
    assertThatThrownBy(() -> args.remove(EventArgs.PATH))
        .hasMessage("cannot remove the args key 'path': it is read-only" + RULE);
  }

  @Test
  void puttingTheSameValueBackAndChangingOtherKeysIsAllowed() {
    events.on("preCreate", a -> {
      a.put(EventArgs.SELF, a.self());
      a.put(EventArgs.PARAMS, Map.of("title", "new"));
      a.putIfAbsent("index", 0);
      a.compute("count", (k, v) -> v == null ? 1 : (Integer) v + 1);
    });

    events.fire(TestTiers.PRE_CREATE, args);

    assertThat(args.self()).isSameAs(owner);
    assertThat(args).containsEntry("params", Map.of("title", "new")).containsEntry("index", 0).containsEntry("count", 1);
  }

  @Test
  void theViewsRefuseIdentityKeysAsRemoveAndPutDo() {
    assertThatThrownBy(() -> args.keySet().remove("self")).isInstanceOf(ReadOnlyArgumentException.class)
        .hasMessage("cannot remove the args key 'self': it is read-only" + RULE);
    assertThatThrownBy(() -> args.entrySet().iterator().next().setValue("x"))
        .hasMessage("cannot replace the args key 'self': it is read-only" + RULE);
    assertThatThrownBy(() -> args.values().remove("tasks.store"))
        .hasMessage("cannot remove the args key 'path': it is read-only" + RULE);
    assertThatThrownBy(() -> args.values().clear())
        .hasMessage("cannot remove the args key 'self': it is read-only" + RULE);
    Iterator<Map.Entry<String, Object>> entries = args.entrySet().iterator();
    entries.next();
    assertThatThrownBy(entries::remove).hasMessage("cannot remove the args key 'self': it is read-only" + RULE);

    assertThat(args).containsOnlyKeys("self", "path", "action", "controller", "params");
    assertThat(args.self()).isSameAs(owner);
  }

  @Test
  void aRemovalThroughAViewThatWouldTakeAnIdentityKeyRemovesNothing() {
    args.put("tmp", 1);

    assertThatThrownBy(() -> args.keySet().removeIf(key -> !key.equals("self")))
        .hasMessage("cannot remove the args key 'path': it is read-only" + RULE);
    assertThatThrownBy(() -> args.keySet().retainAll(Set.of("self")))
        .hasMessage("cannot remove the args key 'path': it is read-only" + RULE);
    assertThatThrownBy(() -> args.entrySet().removeIf(entry -> entry.getKey().equals("controller")))
        .hasMessage("cannot remove the args key 'controller': it is read-only" + RULE);
    assertThatThrownBy(() -> args.values().removeAll(List.of(1, "store")))
        .hasMessage("cannot remove the args key 'action': it is read-only" + RULE);

    assertThat(args).containsOnlyKeys("self", "path", "action", "controller", "params", "tmp");
  }

  @Test
  void aHandlerRemovingAnIdentityKeyThroughAViewIsNamed() {
    events.on(HandlerSpec.of("preCreate").name("dropPath"), a -> a.keySet().removeIf(key -> key.startsWith("p")));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .isInstanceOfSatisfying(ReadOnlyArgumentException.class, e -> assertThat(e.handler()).isEqualTo("dropPath"))
        .hasMessage("handler dropPath tried to remove the read-only args key 'path'" + RULE);
    assertThat(args).containsKeys("path", "params");
  }

  @Test
  void aNestedHandlerIsBlamedNotTheOuterOne() {
    events.on(HandlerSpec.of("postCreate").name("inner"), a -> a.remove(EventArgs.ACTION));
    events.on(HandlerSpec.of("preCreate").name("outer"), a -> events.fire(TestTiers.POST_CREATE, a.copy()));

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .isInstanceOfSatisfying(ReadOnlyArgumentException.class, e -> assertThat(e.handler()).isEqualTo("inner"));
  }
}
