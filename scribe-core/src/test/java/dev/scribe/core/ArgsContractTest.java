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

  static final class OneRecordReader {
    void preCreate(EventArgs args) {
      args.params().putIfAbsent("status", "open");
    }
  }

  @Test
  void aHandlerReadingAKeyAsAnotherTypeThanItHoldsIsAnErrorNamingTheHandler() {
    events.subscribe(new OneRecordReader());
    EventArgs batch = EventArgs.builder().self(new Object()).path("tasks.store").action("store")
        .put(EventArgs.PARAMS, new ArrayList<>(java.util.List.of(new LinkedHashMap<String, Object>()))).build();

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, batch))
        .isInstanceOfSatisfying(ArgsContractException.class, e -> {
          assertThat(e.key()).isEqualTo("params");
          assertThat(e.handler()).isEqualTo("OneRecordReader.preCreate");
        })
        .hasMessage("handler OneRecordReader.preCreate read the args key 'params' as a java.util.Map, but it holds a"
            + " java.util.ArrayList; read it as what it holds (the params of a batch are the list of its records), or find"
            + " the handler that put it there");
  }

  @Test
  void aContractErrorFoundAfterOtherHandlersRanPassesThroughAHandlerUnchanged() {
    ArgsContractException nested = new ArgsContractException("criteria", "a preStart handler replaced the 'criteria'"
        + " args key with null; it must stay a Query");
    events.on("preCreate", args -> {
      throw nested;                                      // as a nested repository call made by this handler would
    });

    assertThatThrownBy(() -> events.fire(TestTiers.PRE_CREATE, args())).isSameAs(nested);
  }
}
