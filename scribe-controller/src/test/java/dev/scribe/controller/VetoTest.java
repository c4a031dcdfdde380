package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.core.EventArgs;
import dev.scribe.core.Veto;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A veto in any controller event of any action rolls the unit of work back and answers the veto's
 * status and message; onError can rewrite or replace the answer; unexpected failures answer 500 with a
 * request id and nothing else.
 */
class VetoTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();
  private long first;
  private long second;

  @BeforeEach
  void twoTasks() {
    first = http.createTask("{\"title\":\"first\",\"priority\":1}");
    second = http.createTask("{\"title\":\"second\",\"priority\":2}");
  }

  /** A request of one action: method and URL (given the two task ids) and body. */
  record Call(String name, String method, Function<long[], String> url, Function<long[], String> body) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> everyControllerEventOfEveryAction() {
    List<Call> calls = List.of(
        new Call("index", "GET", ids -> "/tasks", ids -> null),
        new Call("count", "GET", ids -> "/tasks/count", ids -> null),
        new Call("store", "POST", ids -> "/tasks", ids -> "{\"title\":\"new\"}"),
        new Call("batch store", "POST", ids -> "/tasks", ids -> "[{\"title\":\"x\"},{\"title\":\"y\"}]"),
        new Call("show", "GET", ids -> "/tasks/" + ids[0], ids -> null),
        new Call("update", "PATCH", ids -> "/tasks/" + ids[0], ids -> "{\"title\":\"changed\"}"),
        new Call("replace", "PUT", ids -> "/tasks/" + ids[0], ids -> "{\"title\":\"changed\"}"),
        new Call("batch update", "PATCH", ids -> "/tasks",
            ids -> "[{\"id\":" + ids[0] + ",\"title\":\"x\"},{\"id\":" + ids[1] + ",\"title\":\"y\"}]"),
        new Call("destroy", "DELETE", ids -> "/tasks/" + ids[0], ids -> null),
        new Call("batch destroy", "DELETE", ids -> "/tasks", ids -> "[" + ids[0] + "," + ids[1] + "]"));
    Map<String, String> suffix = Map.of("index", "Index", "count", "Index", "store", "Store", "batch store", "Store",
        "show", "Show", "update", "Update", "replace", "Update", "batch update", "Update", "destroy", "Destroy",
        "batch destroy", "Destroy");
    return calls.stream().flatMap(call -> Stream.of("onInit", "onPre" + suffix.get(call.name()),
        "onPost" + suffix.get(call.name())).map(event -> Arguments.of(call, event)));
  }

  @ParameterizedTest(name = "{0} vetoed in {1}")
  @MethodSource("everyControllerEventOfEveryAction")
  void aVetoInAnyControllerEventRollsBackAndAnswersItsStatusAndMessage(Call call, String event) {
    List<Map<String, Object>> before = http.query("select * from http_tasks order by id");
    http.on(http.taskController.events(), event, args -> {
      throw new Veto(409, "vetoed in " + event);
    });
    long[] ids = {first, second};

    Reply reply = http.send(call.method(), call.url().apply(ids), call.body().apply(ids));

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.body()).isEqualTo("{\"title\":\"Conflict\",\"status\":409,\"detail\":\"vetoed in " + event
        + "\",\"message\":\"vetoed in " + event + "\"}");
    assertThat(http.query("select * from http_tasks order by id")).isEqualTo(before);
  }

  @Test
  void aVetoWithFieldErrorsAnswers422WithTheErrors() {
    http.on(http.taskController.events(), "onPreStore", args -> {
      throw Veto.builder().message("the task cannot be stored").field("title", "must not start with a digit")
          .field("title", "must be unique").build();
    });

    Reply reply = http.post("/tasks", "{\"title\":\"1st\"}");

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body()).isEqualTo("{\"title\":\"Unprocessable Content\",\"status\":422,"
        + "\"detail\":\"the task cannot be stored\",\"message\":\"the task cannot be stored\","
        + "\"errors\":{\"title\":[\"must not start with a digit\",\"must be unique\"]}}");
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aVetoWithSeveralMessagesAnswersThemAsAnArray() {
    http.on(http.taskController.events(), "onPreUpdate", args -> {
      throw Veto.builder().message("first reason").message("second reason").status(403).build();
    });

    Reply reply = http.patch("/tasks/" + first, "{\"title\":\"x\"}");

    assertThat(reply.body()).isEqualTo("{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"first reason; second reason\","
        + "\"message\":[\"first reason\",\"second reason\"]}");
  }

  @Test
  void aVetoWithoutAMessageAnswersADetailNamingItsStatusAndTheHandlersEvent() {
    // a veto made of blank messages answered "detail":"" (or " "), which tells the client nothing
    String said = "refused with status 422 by a handler of onPreStore, which gave no message";
    List<java.util.function.Supplier<Veto>> vetoes = List.of(
        () -> Veto.ofRecords(List.of(new Veto.RecordError(0, 422, List.of(" "), Map.of()))),
        () -> Veto.ofRecords(List.of(new Veto.RecordError(0, 422, List.of(), Map.of()))),
        () -> new Veto(List.of(""), 422, Map.of(), List.of()) {});
    for (java.util.function.Supplier<Veto> veto : vetoes) {
      dev.scribe.core.Subscription handler = http.taskController.events().on("onPreStore", args -> {
        throw veto.get();
      });
      Reply reply = http.post("/tasks", "{\"title\":\"x\"}");
      handler.remove();

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.map()).as(reply.body()).containsEntry("detail", said).containsEntry("message", said);
    }
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aBlankMessageGivenToTheVetoBuilderIsTheHandlersBugAnswered500() {
    // the builder refuses a blank message (UsageException) inside the handler: a bug of the handler, logged
    http.on(http.taskController.events(), "onPreStore", args -> {
      throw Veto.builder().status(422).message("  ").build();
    });

    Reply reply = http.post("/tasks", "{\"title\":\"x\"}");

    assertThat(reply.status()).isEqualTo(500);
    assertThat((String) reply.map().get("detail")).startsWith("the server failed to handle the request; the server log"
        + " has the details under request id ");
  }

  @Test
  void anOnErrorHandlerRewritesTheStatusAndTheBody() {
    http.on(http.taskController.events(), "onPreStore", args -> {
      throw new Veto("closed for the night");
    });
    http.on(http.taskController.events(), "onError", args -> {
      args.put(ControllerTier.STATUS, 503);
      @SuppressWarnings("unchecked")
      Map<String, Object> error = (Map<String, Object>) args.get(ControllerTier.ERROR);
      error.put("title", "Service Unavailable");
      error.put("status", 503);
      error.put("retryAfter", "08:00");
      @SuppressWarnings("unchecked")
      Map<String, String> headers = (Map<String, String>) args.get("headers");
      headers.put("Retry-After", "3600");
    });

    Reply reply = http.post("/tasks", "{\"title\":\"late\"}");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("3600");
    assertThat(reply.body()).isEqualTo("{\"title\":\"Service Unavailable\",\"status\":503,"
        + "\"detail\":\"closed for the night\",\"message\":\"closed for the night\",\"retryAfter\":\"08:00\"}");
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aStatusChangedAloneCarriesTheBodyAlongAndAStatusThatIsNoProblemIsRefused() {
    http.on(http.taskController.events(), "onError", args -> args.put(ControllerTier.STATUS, 410));

    Reply gone = http.get("/tasks/999999");

    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.map()).containsEntry("status", 410).containsEntry("title", "Gone")
        .containsEntry("detail", "task 999999 not found");
    http.reset();

    http.on(http.taskController.events(), "onError", args -> args.put(ControllerTier.STATUS, 200));
    Reply ok = http.get("/tasks/999999");
    // a handler that broke the contract of onError's args: the answer is the 500 of any failed handler
    assertThat(ok.status()).isEqualTo(500);
    assertThat(ok.body()).doesNotContain("999999");
  }

  @Test
  void aStatusIsReadByItsExactValueSoAFractionOrALongBeyondTheIntRangeIsRefused() {
    http.on(http.taskController.events(), "onError", args -> args.put(ControllerTier.STATUS, 418L));
    Reply teapot = http.get("/tasks/999999");
    assertThat(teapot.status()).isEqualTo(418);
    assertThat(teapot.map()).containsEntry("status", 418);
    http.reset();

    for (Object broken : List.<Object>of(418.7, 4294967714L, Double.NaN)) {
      http.on(http.taskController.events(), "onError", args -> args.put(ControllerTier.STATUS, broken));
      Reply reply = http.get("/tasks/999999");
      assertThat(reply.status()).as("status %s", broken).isEqualTo(500);
      assertThat(reply.map()).containsEntry("message", "internal error").containsKey("requestId");
      http.reset();
    }
    EventArgs args = EventArgs.builder().self(this).path("tasks.show").put(ControllerTier.STATUS, 4294967714L).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> dev.scribe.controller.internal.action.ErrorResponder.answerFromArgs(args, 404))
        .isInstanceOf(dev.scribe.core.ArgsContractException.class)
        .hasMessage("a handler set 'status' to 4294967714 (a Long); a problem's status is a whole number from 400 to"
            + " 599: to answer with another, put an ActionResponse under 'response'");
  }

  @Test
  void anOnErrorHandlerCanReplaceTheResponse() {
    http.on(http.taskController.events(), "onPostShow", args -> {
      throw new Veto(404, "hidden");
    });
    http.on(http.taskController.events(), "onError", args ->
        args.put(ActionResponse.ARGS_KEY, ActionResponse.of(200, Map.of("placeholder", true))));

    Reply reply = http.get("/tasks/" + first);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"placeholder\":true}");
  }

  @Test
  void aReplacementResponseWithAStatusNoClientCanReceiveIsThe500OfAFailedHandlerWithItsRequestId() {
    http.on(http.taskController.events(), "onError", args ->
        args.put(ActionResponse.ARGS_KEY, ActionResponse.of(99, Map.of("placeholder", true))));

    Reply reply = http.get("/tasks/999999");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.map()).containsEntry("message", "internal error").containsKey("requestId");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionResponse.problem(1000, null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("ActionResponse.problem(1000, ...): an action's answer needs a final HTTP status, from 200 to 599");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActionResponse.of(204, null).withHeader(null, "5"))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessageStartingWith("withHeader(null, 5): pass the header's name");
  }

  @Test
  void aHeaderThatHttpCannotCarryIsRefusedWhereItIsGivenAndInTheArgsIsA500() {
    // "X A" and "" went out as the header lines "X A: v" and ": v", which no client can parse; a line break in a value
    // was turned into spaces by Jetty, and a null value dropped the header without a word
    ActionResponse response = ActionResponse.of(409, Map.of("placeholder", true));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> response.withHeader("X A", "v"))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("withHeader(\"X A\", \"v\"): 'X A' is not a header name, whose characters are letters, digits and"
            + " !#$%&'*+-.^_`|~; pass a name such as \"Retry-After\"");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> response.withHeader("", "v"))
        .isInstanceOf(dev.scribe.core.UsageException.class).hasMessageContaining("'' is not a header name");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> response.withHeader("X-A", null))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("withHeader(\"X-A\", null): pass the header's value, e.g. withHeader(\"Retry-After\", \"5\")");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> response.withHeader("X-A", "v\r\nSet-Cookie: a=b"))
        .isInstanceOf(dev.scribe.core.UsageException.class)
        .hasMessage("withHeader(\"X-A\", ...): the value holds a control character (U+000D at index 1), which a header"
            + " cannot carry; pass a value without line breaks");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> response.withHeaders(Map.of("X A", "v")))
        .isInstanceOf(dev.scribe.core.UsageException.class).hasMessageContaining("'X A' is not a header name");
    assertThat(response.withHeader("X-A", "v\tw é").header("x-a")).isEqualTo("v\tw é");

    http.on(http.taskController.events(), "onError",
        args -> ((Map<String, Object>) args.get(ControllerTier.HEADERS)).put("X A", "v"));
    Reply reply = http.get("/tasks/999999");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.map()).containsEntry("message", "internal error").containsKey("requestId");
  }

  @Test
  void onErrorSeesTheExceptionAndTheStatus() {
    Object[] seen = new Object[3];
    http.on(http.taskController.events(), "onError", args -> {
      seen[0] = ControllerTier.exception(args).getClass().getSimpleName();
      seen[1] = args.get(ControllerTier.STATUS);
      seen[2] = args.action();
    });

    http.get("/tasks/999999");

    assertThat(seen).containsExactly("RecordNotFoundException", 404, "show");
  }

  @Test
  void anUnexpectedExceptionAnswers500WithARequestIdAndNoStackTrace() {
    http.on(http.taskController.events(), "onPostStore", args -> {
      throw new IllegalStateException("secret internal detail");
    });

    Reply reply = http.post("/tasks", "{\"title\":\"boom\"}");

    assertThat(reply.status()).isEqualTo(500);
    String id = (String) reply.map().get("requestId");
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(reply.body()).isEqualTo("{\"title\":\"Internal Server Error\",\"status\":500,"
        + "\"detail\":\"the server failed to handle the request; the server log has the details under request id " + id
        + "\",\"message\":\"internal error\",\"requestId\":\"" + id + "\"}");
    assertThat(reply.body()).doesNotContain("secret", "IllegalStateException", "at dev.");
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aVetoInARepositoryOrEntityEventRollsBackTheAction() {
    http.on(http.tasks.events(), "postCreate", args -> {
      throw new Veto(409, "a repository handler refused");
    });

    Reply reply = http.post("/tasks", "{\"title\":\"x\"}");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.map()).containsEntry("message", "a repository handler refused");
    assertThat(http.rows("http_tasks")).isEqualTo(2);
  }

  @Test
  void aVetoInOnStartStopsTheApplicationFromStarting() {
    dev.scribe.controller.fixture.TaskController controller = new dev.scribe.controller.fixture.TaskController(http.tasks);
    controller.events().on("onStart", args -> {
      throw new Veto(500, "the task index is not built");
    });
    RestApplication app = RestApplication.builder(http.store).mount("other", controller).build();

    org.assertj.core.api.Assertions.assertThatThrownBy(app::start)
        .isInstanceOf(Veto.class).hasMessage("the task index is not built");
  }
}
