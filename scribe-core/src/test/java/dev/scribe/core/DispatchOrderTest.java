package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatchOrderTest {
  static final Tier TIER = Tier.builder("test").events("preCreate", "postCreate").handlerPrefixes("pre", "post").build();

  static class Owner {
    final List<String> ran = new ArrayList<>();

    void preCreate(EventArgs args) {
      ran.add("own");
    }
  }

  static class Listener {
    final String name;
    final List<String> ran;

    Listener(String name, List<String> ran) {
      this.name = name;
      this.ran = ran;
    }

    void preCreate(EventArgs args) {
      ran.add(name);
    }

    @On(value = "preCreate", priority = 5)
    void early(EventArgs args) {
      ran.add(name + "-early");
    }
  }

  @Test
  void ownMethodsRunBeforeSubscribersAndPriorityWins() {
    Scribe scribe = Scribe.builder().discoverTiers(false).build();
    Owner owner = new Owner();
    EventManager events = scribe.register(TIER, owner);
    scribe.tier(TIER).subscribe(new Listener("tierWide", owner.ran));
    events.subscribe(new Listener("local", owner.ran));
    events.on("preCreate", args -> owner.ran.add("lambda"));

    events.fire("preCreate", EventArgs.of(owner, "tasks.store"));

    assertThat(owner.ran).containsExactly("tierWide-early", "local-early", "own", "tierWide", "local", "lambda");
  }

  @Test
  void vetoStopsLaterHandlers() {
    Scribe scribe = Scribe.builder().discoverTiers(false).build();
    Owner owner = new Owner();
    EventManager events = scribe.register(TIER, owner);
    Veto veto = new Veto(409, "no");
    events.on("preCreate", args -> {
      throw veto;
    });
    events.on("preCreate", args -> owner.ran.add("late"));

    assertThatThrownBy(() -> events.fire("preCreate", EventArgs.create())).isSameAs(veto);
    assertThat(owner.ran).containsExactly("own");
  }
}
