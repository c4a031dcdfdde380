package com.example.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.On;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handlers declared the way an application outside the framework's packages declares them. */
class OutsidePackageSubscriberTest {
  private static final Tier SHOP = Tier.builder("shop").events("preOrder", "postOrder").handlerPrefixes("pre", "post").build();

  private static final List<String> LOG = new ArrayList<>();

  private static final class PrivateSubscriber {
    void preOrder(EventArgs args) {
      LOG.add("private class");
    }

    @On("postOrder")
    private void audit(EventArgs args) {
      LOG.add("private method");
    }
  }

  private record RecordSubscriber(String name) {
    void preOrder(EventArgs args) {
      LOG.add("record " + name);
    }
  }

  interface Defaults {
    default void postOrder(EventArgs args) {
      LOG.add("default method");
    }
  }

  private static final class PrivateOwner implements Defaults {
    protected void preOrder(EventArgs args) {
      LOG.add("private owner");
    }
  }

  @Test
  void privateNestedAnonymousLocalAndRecordSubscribersOfAnApplicationPackageRun() {
    LOG.clear();
    Scribe scribe = Scribe.builder().tier(SHOP).discoverTiers(false).build();
    EventManager events = scribe.register(SHOP, new PrivateOwner());
    events.subscribe(new PrivateSubscriber());
    events.subscribe(new RecordSubscriber("r"));
    events.subscribe(new Object() {
      void preOrder(EventArgs args) {
        LOG.add("anonymous");
      }
    });
    class Local {
      void postOrder(EventArgs args) {
        LOG.add("local");
      }
    }
    events.subscribe(new Local());

    events.fire("preOrder", EventArgs.of(this, "orders.store"));
    events.fire("postOrder", EventArgs.of(this, "orders.store"));

    assertThat(LOG).containsExactly("private owner", "private class", "record r", "anonymous", "default method",
        "private method", "local");
  }
}
