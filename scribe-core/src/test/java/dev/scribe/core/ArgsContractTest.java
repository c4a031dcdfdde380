package dev.scribe.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A handler that puts a value of the wrong type under query or results is stopped where it writes, by name. */
class ArgsContractTest {
  private final Scribe scribe = TestTiers.scribe();
  private final EventManager events = scribe.register(TestTiers.STORE, new Object());

  static final class QueryFlattener {
    void preCreate(EventArgs args) {
      args.put(EventArgs.QUERY, "status=open");
    }
  }

  private EventArgs args() {
    return EventArgs.builder().self(new Object()).path("tasks.index").action("index")
        .put(EventArgs.QUERY, new LinkedHashMap<String, Object>()).build();
  }

  @Test
  void replacingTheQueryWithAStringIsAnErrorNamingTheHandler() {
    events.subscribe(new QueryFlattener());
    EventArgs args = args();

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args))
        .isInstanceOfSatisfying(ArgsContractException.class, e -> {
          assertThat(e.key()).isEqualTo("query");
          assertThat(e.handler()).isEqualTo("QueryFlattener.preCreate");
        })
        .hasMessage("handler QueryFlattener.preCreate put a java.lang.String under the args key 'query', which must"
            + " hold a Map; change the entries of the Map that is there instead of replacing it, or put the data under"
            + " another key");
    assertThat(args.get(EventArgs.QUERY)).isEqualTo(Map.of());
  }

  @Test
  void replacingTheResultsWithAMapIsAnErrorNamingTheLambdaHandler() {
    events.on(HandlerSpec.of("postCreate").name("wrapResults"), a -> a.put(EventArgs.RESULTS, Map.of("items", 1)));

    assertThatThrownBy(() -> events.fire(TestTiers.POST_CREATE, args()))
        .isInstanceOf(ArgsContractException.class)
        .hasMessageStartingWith("handler wrapResults put a java.util.ImmutableCollections$Map1 under the args key"
            + " 'results', which must hold a List;");
  }

  @Test
  void listsAndMapsOfAnyKindAreAccepted() {
    events.on("preCreate", a -> a.put(EventArgs.QUERY, Map.of("status", "open")));
    events.on("preCreate", a -> a.put(EventArgs.RESULTS, new ArrayList<>()));
    EventArgs args = args();

    events.fire(TestTiers.PRE_CREATE, args);

    assertThat(args.get(EventArgs.QUERY)).isEqualTo(Map.of("status", "open"));
    assertThat(args.results()).isEmpty();
  }

  @Test
  void aWrongTypeOutsideAHandlerIsRefusedWithoutAHandlerName() {
    EventArgs args = args();

    assertThatThrownBy(() -> args.put(EventArgs.RESULTS, "none"))
        .isInstanceOfSatisfying(ArgsContractException.class, e -> assertThat(e.handler()).isNull())
        .hasMessageStartingWith("a java.lang.String cannot go under the args key 'results', which must hold a List;");
  }
}
