package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.scribe.core.ConfigurationException;
import dev.scribe.core.HandlerSpec;
import dev.scribe.core.Subscription;
import dev.scribe.core.User;
import dev.scribe.core.Veto;
import dev.scribe.repository.RepositoryTier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's JSON: recorded requests with their timelines, filters, bounds, masking and access. */
class ConsoleTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start(scribe -> scribe.trace(true), app -> app
      .console(ConsoleOptions.enabled().ignore("/admin/**")));

  private final List<Subscription> subscriptions = new ArrayList<>();

  @BeforeEach
  void clearRecorder() {
    http.app.recorder().orElseThrow().clear();
  }

  @AfterEach
  void detach() {
    subscriptions.forEach(Subscription::remove);
  }

  @Test
  void aRequestIsRecordedWithItsHandlersInOrderAndWhatTheyChanged() {
    subscriptions.add(http.taskController.events().on(HandlerSpec.of("onPreStore").name("slug"),
        args -> args.params().put("priority", 2)));
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("preCreate").name("trim"),
        args -> args.params().put("title", ((String) args.params().get("title")).strip())));

    Reply stored = http.post("/tasks", "{\"title\":\"  Pack  \"}");
    assertThat(stored.status()).isEqualTo(201);
    String id = stored.header("X-Scribe-Request-Id");

    Map<String, Object> summary = http.get("/_scribe/requests").items().get(0);
    assertThat(summary).containsEntry("id", id).containsEntry("method", "POST").containsEntry("url", "/tasks")
        .containsEntry("status", 201).containsEntry("path", "tasks.store").containsEntry("action", "store")
        .containsEntry("failure", null);
    assertThat((Integer) summary.get("statements")).isPositive();
    assertThat((Double) summary.get("durationMs")).isPositive();

    Map<String, Object> detail = http.get("/_scribe/requests/" + id).map();
    List<Map<String, Object>> entries = entries(detail);
    assertThat(entries).extracting(e -> e.get("tier") + "." + e.get("event") + ":" + e.get("handler"))
        .containsSubsequence("controller.onPreStore:slug", "repository.preCreate:trim");
    Map<String, Object> slug = entry(entries, "slug");
    assertThat(slug).containsEntry("path", "tasks.store").containsEntry("depth", 1).containsEntry("outcome", "ok");
    assertThat(changes(slug)).containsExactly("params.priority: null -> 2");
    assertThat(changes(entry(entries, "trim"))).containsExactly("params.title: \"  Pack  \" -> \"Pack\"");
    assertThat((Double) entry(entries, "trim").get("startMs"))
        .isGreaterThanOrEqualTo((Double) slug.get("startMs"));
  }

  @Test
  void aVetoIsShownOnTheHandlerThatRaisedIt() {
    subscriptions.add(http.taskController.events().on(HandlerSpec.of("onPreStore").name("fine"), args -> {}));
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("validateCreate").name("noDrafts"),
        args -> {
          throw new Veto(422, "drafts cannot be stored");
        }));

    Reply refused = http.post("/tasks", "{\"title\":\"draft\"}");
    assertThat(refused.status()).isEqualTo(422);

    Map<String, Object> detail = http.get("/_scribe/requests/" + refused.header("X-Scribe-Request-Id")).map();
    assertThat(detail).containsEntry("status", 422);
    assertThat(detail.get("failure")).isEqualTo(Map.of("kind", "veto", "status", 422,
        "message", "drafts cannot be stored", "handler", "noDrafts", "event", "validateCreate", "tier", "repository"));
    assertThat(entry(entries(detail), "noDrafts")).containsEntry("outcome", "veto").containsEntry("status", 422)
        .containsEntry("raised", true);
    assertThat(entry(entries(detail), "fine")).containsEntry("outcome", "ok").containsEntry("raised", false);
  }

  @Test
  void aVetoMessageQuotingALongInputIsKeptShort() {
    // a message that quotes the client's value is as long as the client makes it; the console keeps its start
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("validateCreate").name("quoting"),
        args -> {
          throw new Veto(422, "title '" + args.params().get("title") + "' is not allowed");
        }));
    String title = "x".repeat(200_000);

    Reply refused = http.post("/tasks", "{\"title\":\"" + title + "\"}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.map().get("detail").toString()).hasSizeGreaterThan(200_000);

    Map<String, Object> detail = http.get("/_scribe/requests/" + refused.header("X-Scribe-Request-Id")).map();
    @SuppressWarnings("unchecked")
    String failure = (String) ((Map<String, Object>) detail.get("failure")).get("message");
    assertThat(failure).startsWith("title 'xxx").endsWith("…").hasSize(500);
    assertThat(entry(entries(detail), "quoting").get("message")).isEqualTo(failure);
  }

  @Test
  void aFailedRequestShowsTheEventsThatEndedItAfterTheFailure() {
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("validateCreate").name("noDrafts"),
        args -> {
          throw new Veto(422, "drafts cannot be stored");
        }));
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("preStop").name("audit"), args -> {}));
    subscriptions.add(http.taskController.events().on(HandlerSpec.of("onError").name("report"), args -> {}));

    Reply refused = http.post("/tasks", "{\"title\":\"draft\"}");
    assertThat(refused.status()).isEqualTo(422);

    Map<String, Object> detail = http.get("/_scribe/requests/" + refused.header("X-Scribe-Request-Id")).map();
    assertThat(entries(detail)).extracting(e -> e.get("tier") + "." + e.get("event") + ":" + e.get("handler"))
        .containsSubsequence("repository.validateCreate:noDrafts", "repository.preStop:audit", "controller.onError:report");
    assertThat(entry(entries(detail), "audit")).containsEntry("outcome", "ok");
    assertThat(detail.get("failure")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("handler", "noDrafts").containsEntry("event", "validateCreate");
  }

  @Test
  void aRequestRefusedBeforeAnyHandlerIsFlaggedWithItsStatus() {
    Reply refused = http.send("POST", "/tasks", "{\"title\":\"x\"}", "Content-Type", "text/plain");
    assertThat(refused.status()).isEqualTo(415);

    Map<String, Object> summary = http.get("/_scribe/requests?status=415").items().get(0);

    @SuppressWarnings("unchecked")
    Map<String, Object> failure = (Map<String, Object>) summary.get("failure");
    assertThat(failure).containsEntry("kind", "answer").containsEntry("status", 415).containsEntry("handler", null);
  }

  @Test
  void aVetoInANestedEventIsRaisedByTheInnerHandlerAndPassesThroughTheOuterOne() {
    subscriptions.add(http.taskController.events().on(HandlerSpec.of("onPreStore").name("outer"),
        args -> http.tasks.create(new java.util.HashMap<>(Map.of("title", "nested")))));
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("preCreate").name("inner"), args -> {
      throw new Veto(409, "no nesting today");
    }));

    Reply refused = http.post("/tasks", "{\"title\":\"outer\"}");
    assertThat(refused.status()).isEqualTo(409);

    List<Map<String, Object>> entries = entries(http.get("/_scribe/requests/" + refused.header("X-Scribe-Request-Id")).map());
    assertThat(entry(entries, "outer")).containsEntry("outcome", "veto").containsEntry("raised", false)
        .containsEntry("depth", 1);
    assertThat(entry(entries, "inner")).containsEntry("outcome", "veto").containsEntry("raised", true)
        .containsEntry("depth", 2).containsEntry("message", "no nesting today");
  }

  @Test
  void theListIsNewestFirstAndFilteredByPathStatusMethodAndHandler() {
    subscriptions.add(http.scribe.tier(RepositoryTier.TIER).on(HandlerSpec.of("preCreate").name("stamp"), args -> {}));
    http.post("/tasks", "{\"title\":\"one\"}");
    http.get("/tasks/987654");
    http.get("/tasks");
    http.get("/admin/tasks");
    http.get("/_scribe/events");

    assertThat(urls("")).containsExactly("GET /tasks", "GET /tasks/987654", "POST /tasks");
    assertThat(urls("?status=4xx")).containsExactly("GET /tasks/987654");
    assertThat(urls("?status=200,201")).containsExactly("GET /tasks", "POST /tasks");
    assertThat(urls("?path=/tasks/*")).containsExactly("GET /tasks/987654");
    assertThat(urls("?path=tasks.index")).containsExactly("GET /tasks");
    assertThat(urls("?method=post")).containsExactly("POST /tasks");
    assertThat(urls("?handler=STAMP")).containsExactly("POST /tasks");

    Map<String, Object> firstPage = http.get("/_scribe/requests?limit=2").map();
    assertThat(firstPage).containsEntry("matched", 3).containsEntry("kept", 3);
    assertThat(firstPage.get("next")).isNotNull();
    Map<String, Object> secondPage = http.get("/_scribe/requests?limit=2&before=" + firstPage.get("next")).map();
    assertThat(secondPage.get("items")).asList().hasSize(1);
    assertThat(secondPage.get("next")).isNull();
  }

  @Test
  void badFiltersAreAnswered400WithWhatIsAllowed() {
    Reply status = http.get("/_scribe/requests?status=teapot");
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.header("Content-Type")).startsWith("application/problem+json");
    assertThat(status.map().get("detail")).asString().contains("4xx");

    assertThat(http.get("/_scribe/requests?limit=100000").map().get("detail")).asString().contains("1 to 500");
    assertThat(http.get("/_scribe/requests/nope").status()).isEqualTo(404);
    assertThat(http.get("/_scribe/nothing").status()).isEqualTo(404);
    assertThat(http.delete("/_scribe/requests").status()).isEqualTo(405);
  }

  @Test
  void aFilterGivenTwiceIsAnswered400NamingBothValues() {
    Reply limits = http.get("/_scribe/requests?limit=1&limit=2");
    Reply statuses = http.get("/_scribe/requests?status=404&status=2xx");

    // before, the first value was the filter and the second passed over, as if the client had sent one
    assertThat(limits.status()).as(limits.body()).isEqualTo(400);
    assertThat(limits.map().get("detail")).isEqualTo("query parameter 'limit' is given 2 times ('1', '2'); give it once");
    assertThat(statuses.status()).isEqualTo(400);
    assertThat(statuses.map().get("detail"))
        .isEqualTo("query parameter 'status' is given 2 times ('404', '2xx'); give it once (several statuses go in one,"
            + " separated by commas: status=404,2xx)");
    assertThat(http.get("/_scribe/requests?limit=1&status=2xx").status()).isEqualTo(200);
  }

  /**
   * The console's refusals are as private as its answers: a 404 naming the requests it keeps, or a 400 quoting
   * the caller's filter, is no more for a shared cache than the list itself.
   */
  @Test
  void theConsolesRefusalsAreNotKeptByCachesAsItsAnswersAreNot() {
    assertThat(http.get("/_scribe/requests").header("Cache-Control")).isEqualTo("no-store");
    for (Reply refused : new Reply[] {http.get("/_scribe/requests?status=teapot"), http.get("/_scribe/requests/nope"),
        http.get("/_scribe/nothing"), http.delete("/_scribe/requests")}) {
      assertThat(refused.status()).isBetween(400, 499);
      assertThat(refused.header("Cache-Control")).as("%d %s", refused.status(), refused.map().get("detail"))
          .isEqualTo("no-store");
    }
  }

  @Test
  void optionsTellsWhatTheConsoleServesAsOnEveryOtherRoute() {
    for (String path : List.of("/_scribe/", "/_scribe/events", "/_scribe/requests")) {
      Reply options = http.send("OPTIONS", path, null);

      // before, a 405 "OPTIONS is not supported ...; the console is read-only", though OPTIONS writes nothing
      assertThat(options.status()).as(path + " " + options.body()).isEqualTo(204);
      assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
    }
    assertThat(http.send("POST", "/_scribe/requests", "{}").header("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void aUrlTheConsoleDoesNotServeIsA404WhateverTheMethod() {
    for (String method : List.of("OPTIONS", "DELETE", "POST", "GET")) {
      for (String path : List.of("/_scribe/nothing", "/_scribe/changes", "/_scribe/events/x", "/_scribe/index.htm")) {
        Reply reply = http.send(method, path, null);

        // before, OPTIONS answered 204 and the other methods a 405 with Allow: GET, HEAD, which a GET answered 404
        assertThat(reply.status()).as(method + " " + path + " " + reply.body()).isEqualTo(404);
        assertThat(reply.header("Allow")).as(method + " " + path).isNull();
        assertThat(reply.map().get("detail")).isEqualTo("nothing at " + path + "; the console serves /_scribe/,"
            + " /_scribe/events, /_scribe/requests and /_scribe/requests/{id}");
      }
    }
  }

  /**
   * A trailing slash names the same URL, as on every route of the application: {@code /_scribe/requests/} was the list,
   * but {@code /_scribe/events/} and {@code /_scribe/requests/{id}/} were 404s saying the console serves neither.
   */
  @Test
  void aTrailingSlashNamesTheSameConsoleUrl() {
    String id = http.get("/tasks").header("X-Scribe-Request-Id");

    Reply events = http.get("/_scribe/events/");
    Reply request = http.get("/_scribe/requests/" + id + "/");
    Reply options = http.send("OPTIONS", "/_scribe/events/", null);

    assertThat(events.status()).as(events.body()).isEqualTo(200);
    assertThat(events.map()).containsKey("managers");
    assertThat(request.status()).as(request.body()).isEqualTo(200);
    assertThat(request.map()).containsEntry("id", id);
    assertThat(options.status()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(http.get("/_scribe/requests/nope/").status()).as("an unknown id").isEqualTo(404);
  }

  @Test
  void pagingNumbersAreWrittenAsTheApisWholeNumbersAre() {
    http.get("/tasks");

    // before, limit=010 was 10 and before=+5 (a space once decoded) 5, where the API refuses both forms
    for (String query : List.of("limit=010", "limit=%2B5", "limit=+5", "limit=5%20", "before=+5", "before=05",
        "before=%2B5", "limit=-0")) {
      Reply reply = http.get("/_scribe/requests?" + query);
      String name = query.substring(0, query.indexOf('='));
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.map().get("detail")).as(query).asString()
          .startsWith("query parameter '" + name + "' is '")
          .endsWith("'; use a whole number from 1 to " + (name.equals("limit") ? "500" : Long.MAX_VALUE)
              + ", written as the number is (no plus sign, spaces or leading zeros)");
    }
    assertThat(http.get("/_scribe/requests?limit=10&before=" + Long.MAX_VALUE).status()).isEqualTo(200);
    assertThat(http.get("/_scribe/requests?limit=+").status()).as("a blank field is left out").isEqualTo(200);
  }

  @Test
  void emptyParametersAreLeftOutAndAStatusListWithAnEmptyItemIsRefused() {
    http.get("/tasks");
    http.get("/tasks/987654");

    assertThat(urls("?before=")).containsExactly("GET /tasks/987654", "GET /tasks");
    assertThat(urls("?before=&limit=&status=&path=&method=&handler=")).hasSize(2);
    for (String status : List.of(",,", ",404", "404,,200", " , ")) {
      Reply reply = http.get("/_scribe/requests?status=" + URLEncoder.encode(status, StandardCharsets.UTF_8));
      assertThat(reply.status()).as(status).isEqualTo(status.isBlank() ? 200 : 400);
    }
  }

  @Test
  void aPathFilterWithManyWildcardsAnswersAtOnceOverLongUrls() {
    http.get("/tasks/" + "a".repeat(2000));
    http.get("/tasks/" + "ab".repeat(1000));
    String stars = "/" + "**a".repeat(40) + "b";

    Reply reply = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> http.get("/_scribe/requests?path=" + URLEncoder.encode(stars, StandardCharsets.UTF_8)));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.map()).containsEntry("matched", 1);
    assertThat(urls("?path=/tasks/**b")).hasSize(1);
    assertThat(urls("?path=/tasks/*a*a*")).hasSize(2);
    assertThat(urls("?path=/**/a*")).hasSize(2);
    assertThat(urls("?path=/tasks/**")).hasSize(2);
    assertThat(urls("?path=/*")).isEmpty();
  }

  @Test
  void aPathFilterOfMoreThan200CharactersIsAnswered400() {
    Reply reply = http.get("/_scribe/requests?path=/" + "a".repeat(1000));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.map().get("detail")).asString().contains("path filter", "1001 characters", "at most 200");
  }

  @Test
  void secretsAreMaskedInValuesAndQueries() {
    subscriptions.add(http.taskController.events().on(HandlerSpec.of("onPreIndex").name("login"), args -> {
      args.put("accessToken", "s3cr3t-value");
      args.put("note", "Bearer s3cr3t-value");
      args.put("padded", "  Basic s3cr3t-value  ");
      args.put("jwt", "s3cr3t-value");
    }));

    Reply listed = http.get("/tasks?size=5");
    Reply login = http.get("/tasks?password=hunter2&size=5");
    Reply keys = http.rawGet("/nothing-here?api-key=hunter3&x=Bearer%20hunter4&session_id=hunter5");

    String recorded = http.get("/_scribe/requests/" + listed.header("X-Scribe-Request-Id")).body();
    assertThat(recorded).doesNotContain("s3cr3t").contains("accessToken", "***");
    String withQuery = http.get("/_scribe/requests/" + login.header("X-Scribe-Request-Id")).body();
    assertThat(withQuery).doesNotContain("hunter2").contains("password=***&size=5");
    assertThat(keys.status()).isEqualTo(404);
    String recent = http.get("/_scribe/requests/" + keys.header("X-Scribe-Request-Id")).body();
    assertThat(recent).contains("nothing-here").doesNotContain("hunter3", "hunter4", "hunter5");
  }

  @Test
  void secretNamesAreMaskedHoweverTheyAreEncodedOrSpaced() {
    Reply encoded = http.rawGet("/nothing-here?pass%77ord=hunter6&api%20key=hunter7&API+Key=hunter8&x=%42earer+hunter9&size=5");

    String recorded = http.get("/_scribe/requests/" + encoded.header("X-Scribe-Request-Id")).body();
    assertThat(recorded).contains("nothing-here", "pass%77ord=***", "size=5")
        .doesNotContain("hunter6", "hunter7", "hunter8", "hunter9");
  }

  /**
   * A private key and a passphrase are credentials under names that hold none of the other secret words: a
   * {@code private_key} or {@code passphrase} query parameter, or args key, was shown as sent.
   */
  @Test
  void privateKeysAndPassphrasesAreMaskedToo() {
    subscriptions.add(http.taskController.events().on(HandlerSpec.of("onPreIndex").name("keys"), args -> {
      args.put("signingPrivateKey", "k3y-value");
      args.put("passPhrase", "k3y-value");
    }));

    Reply reply = http.rawGet("/tasks?private_key=hunter10&PassPhrase=hunter11&size=5");

    String recorded = http.get("/_scribe/requests/" + reply.header("X-Scribe-Request-Id")).body();
    assertThat(recorded).contains("private_key=***", "PassPhrase=***", "size=5", "signingPrivateKey", "passPhrase")
        .doesNotContain("hunter10", "hunter11", "k3y-value");
  }

  @Test
  void aDownloadIsTheSameJsonAsAnAttachment() {
    Reply reply = http.get("/tasks");
    String id = reply.header("X-Scribe-Request-Id");

    Reply download = http.get("/_scribe/requests/" + id + "?download=1");

    assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"scribe-request-" + id + ".json\"");
    assertThat(download.map()).containsEntry("id", id).containsKey("entries");
  }

  /**
   * {@code download} says whether to download: {@code ?download=false} (or {@code 0}) answers the JSON to read in
   * place, and a value that is neither is a 400, as {@code dryRun=maybe} is. Any value, {@code false} included, was
   * an attachment.
   */
  @Test
  void downloadFalseIsNoAttachmentAndAnotherValueIsRefused() {
    String id = http.get("/tasks").header("X-Scribe-Request-Id");

    for (String yes : List.of("1", "true")) {
      assertThat(http.get("/_scribe/requests/" + id + "?download=" + yes).header("Content-Disposition")).as(yes)
          .isEqualTo("attachment; filename=\"scribe-request-" + id + ".json\"");
    }
    for (String no : List.of("0", "false")) {
      Reply inPlace = http.get("/_scribe/requests/" + id + "?download=" + no);
      assertThat(inPlace.status()).as(no).isEqualTo(200);
      assertThat(inPlace.header("Content-Disposition")).as(no).isNull();
    }
    for (String odd : List.of("maybe", "", "yes")) {
      Reply refused = http.get("/_scribe/requests/" + id + "?download=" + odd);
      assertThat(refused.status()).as(odd).isEqualTo(400);
      assertThat(refused.header("Content-Disposition")).as(odd).isNull();
      assertThat(refused.map().get("detail")).as(odd).asString().contains("download", "'" + odd + "'", "1 or true", "0 or false");
    }
    Reply twice = http.get("/_scribe/requests/" + id + "?download=1&download=0");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.map().get("detail")).asString().contains("download", "2 times");
  }

  @Test
  void thePageAndTheCatalogueAreServed() {
    Reply page = http.get("/_scribe/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<title>Scribe console</title>");
    assertThat(http.get("/_scribe").status()).isIn(200, 302);
    assertThat(http.get("/_scribe/events").map()).containsKey("managers");
  }

  /**
   * The console's reads answer no entity tag, so an {@code If-Match} that names one cannot hold (RFC 9110, 13.1.1): a
   * 412, as on every other read without a tag, where they were answered 200. {@code If-Match: *} holds.
   */
  @Test
  void aReadOfTheConsoleIs412ForAnIfMatchThatNamesATag() {
    String id = http.get("/tasks").header("X-Scribe-Request-Id");

    for (String url : List.of("/_scribe/", "/_scribe/events", "/_scribe/requests", "/_scribe/requests/" + id)) {
      Reply tagged = http.send("GET", url, null, "If-Match", "\"0\"");
      Reply any = http.send("GET", url, null, "If-Match", "*");

      assertThat(tagged.status()).as(url + " " + tagged.body()).isEqualTo(412);
      assertThat(tagged.map().get("detail")).as(url).isEqualTo(url + " answers no ETag, so If-Match \"0\" names none"
          + " of its versions; send no If-Match, or If-Match: * (any version)");
      assertThat(any.status()).as(url).isEqualTo(200);
    }
    assertThat(http.send("GET", "/_scribe/requests/unknown", null, "If-Match", "\"0\"").status())
        .as("an unknown request is still its 404").isEqualTo(404);
  }

  /**
   * A method is a token (RFC 9110, 9.1): a {@code method} filter that is none ({@code G ET}, {@code GET/}) is a 400
   * naming the parameter and what it takes, where it was accepted and matched nothing, as if no request had been
   * recorded. An unusual method that is a token still filters: it matches nothing recorded.
   */
  @Test
  void aMethodFilterThatIsNoMethodIs400NamingIt() {
    http.get("/tasks");

    for (String encoded : List.of("G%20ET", "GET/", "%C3%A9", "GET%2CPOST")) {
      Reply refused = http.send("GET", "/_scribe/requests?method=" + encoded, null);

      assertThat(refused.status()).as(encoded + " " + refused.body()).isEqualTo(400);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.map().get("detail").toString()).as(encoded).startsWith("method filter '")
          .contains("is not an HTTP method").contains("such as GET");
    }
    assertThat(http.send("GET", "/_scribe/requests?method=get", null).status()).isEqualTo(200);
    assertThat(http.send("GET", "/_scribe/requests?method=PROPFIND", null).status()).isEqualTo(200);
  }

  /**
   * The console's reads answer no entity tag, so {@code If-None-Match: *} is false on them, as on a page of records
   * (RFC 9110, 13.1.2): a 304 without a body, where they were answered 200 as if the condition had not been sent. A
   * list of tags names none of theirs: a 200.
   */
  @Test
  void aReadOfTheConsoleIs304ForIfNoneMatchStar() {
    String id = http.get("/tasks").header("X-Scribe-Request-Id");

    for (String url : List.of("/_scribe/", "/_scribe/events", "/_scribe/requests", "/_scribe/requests/" + id)) {
      Reply any = http.send("GET", url, null, "If-None-Match", "*");
      Reply tags = http.send("GET", url, null, "If-None-Match", "\"0\"");

      assertThat(any.status()).as(url + " " + any.body()).isEqualTo(304);
      assertThat(any.body()).as(url).isEmpty();
      assertThat(tags.status()).as(url).isEqualTo(200);
    }
    assertThat(http.send("GET", "/_scribe/requests/unknown", null, "If-None-Match", "*").status())
        .as("an unknown request is still its 404").isEqualTo(404);
    assertThat(http.send("GET", "/_scribe/requests?status=abc", null, "If-None-Match", "*").status())
        .as("a bad filter is still its 400").isEqualTo(400);
  }

  /**
   * The console's JSON reads answer an {@code Accept} that admits no JSON with a 406 naming what they answer, as the
   * actions and the {@code /auth} routes do: they answered JSON to {@code Accept: application/xml}. The page, which a
   * browser opens, answers its HTML whatever it asks for.
   */
  @Test
  void theConsolesJsonReadsAre406ForAnAcceptThatAdmitsNoJson() {
    String id = http.get("/tasks").header("X-Scribe-Request-Id");

    for (String url : List.of("/_scribe/events", "/_scribe/requests", "/_scribe/requests/" + id)) {
      for (String accept : List.of("application/xml", "text/csv, text/html", "application/json;q=0")) {
        Reply refused = http.send("GET", url, null, "Accept", accept);

        assertThat(refused.status()).as(url + " " + accept).isEqualTo(406);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.map().get("detail")).as(url).isEqualTo("Accept: " + accept + " admits nothing " + url
            + " can answer with; it answers application/json (application/problem+json for errors), so send Accept:"
            + " application/json or none");
      }
      for (String accept : List.of("application/json", "*/*", "application/*", "application/problem+json",
          "text/html, */*;q=0.8")) {
        assertThat(http.send("GET", url, null, "Accept", accept).status()).as(url + " " + accept).isEqualTo(200);
      }
    }
    assertThat(http.send("GET", "/_scribe/", null, "Accept", "application/xml").status()).isEqualTo(200);
    assertThat(http.send("GET", "/_scribe/nothing", null, "Accept", "application/xml").status())
        .as("an unknown URL is still its 404").isEqualTo(404);
  }

  @Test
  void thePageRunsOnlyItsOwnScriptAndStyleAndCannotBeFramed() throws Exception {
    Reply page = http.get("/_scribe/");
    String html = page.body();

    String policy = page.header("Content-Security-Policy");
    assertThat(policy).isNotNull().contains("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'",
        "connect-src 'self'", "form-action 'none'");
    assertThat(policy).contains("script-src '" + sha256(between(html, "<script>", "</script>")) + "'")
        .contains("style-src '" + sha256(between(html, "<style>", "</style>")) + "'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
    assertThat(html.split("<script", -1)).hasSize(2);
    assertThat(html.split("<style", -1)).hasSize(2);
    assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    // what the page shows goes in as text: nothing parses recorded values as HTML, and no style attribute
    // (which the policy refuses) is written
    assertThat(html).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
        "setAttribute(\"style\"", " style=\"", "http://", "https://", "src=\"");
    assertThat(http.get("/_scribe/requests").header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(http.get("/_scribe/requests/nope").header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void theRecorderKeepsTheLastRequestsAndAtMostMaxEntriesEach() {
    try (HttpApp small = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .console(ConsoleOptions.enabled().capacity(3).maxEntries(2)))) {
      for (int i = 0; i < 4; i++) {
        int n = i;
        small.taskController.events().on(HandlerSpec.of("onPreIndex").name("h" + i), args -> args.put("h", n));
      }
      for (int i = 0; i < 5; i++) {
        small.get("/tasks?size=" + (i + 1));
      }

      RequestRecorder recorder = small.app.recorder().orElseThrow();
      assertThat(recorder.total()).isEqualTo(5);
      assertThat(recorder.requests()).extracting(RecordedRequest::query)
          .containsExactly("size=5", "size=4", "size=3");
      assertThat(recorder.requests()).allSatisfy(request -> {
        assertThat(request.entries()).hasSize(2);
        assertThat(request.dropped()).isGreaterThanOrEqualTo(2);
      });
      Map<String, Object> list = small.get("/_scribe/requests").map();
      assertThat(list).containsEntry("kept", 3).containsEntry("capacity", 3).containsEntry("total", 5);
      Map<String, Object> detail = small.get("/_scribe/requests/" + recorder.requests().get(0).id()).map();
      assertThat(entries(detail)).hasSize(2);
      assertThat((Integer) detail.get("dropped")).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void theAccessRuleGuardsEveryConsoleUrl() {
    try (HttpApp guarded = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .console(ConsoleOptions.enabled().access(request -> "yes".equals(request.getHeader("X-Admin")))))) {
      assertThat(guarded.get("/_scribe/").status()).isEqualTo(403);
      assertThat(guarded.get("/_scribe/requests").status()).isEqualTo(403);
      assertThat(guarded.get("/_scribe/events").status()).isEqualTo(403);
      assertThat(guarded.send("GET", "/_scribe/requests", null, "X-Admin", "yes").status()).isEqualTo(200);
      assertThat(guarded.get("/tasks").status()).isEqualTo(200);
    }
  }

  @Test
  void aRequiredRoleNeedsASignedInUserWithIt() {
    try (HttpApp guarded = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .authenticator(request -> {
          String name = request.getHeader("X-User");
          if ("nobody".equals(name)) {
            throw new dev.scribe.controller.auth.AuthenticationException("X-User names nobody");
          }
          return name == null ? null : name.equals("ada") ? User.of("1", "ada", "admin") : User.of("2", name);
        })
        .console(ConsoleOptions.enabled().requireRole("admin")))) {
      Reply anonymous = guarded.get("/_scribe/requests");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(guarded.send("GET", "/_scribe/requests", null, "X-User", "bob").status()).isEqualTo(403);
      assertThat(guarded.send("GET", "/_scribe/events", null, "X-User", "bob").status()).isEqualTo(403);
      assertThat(guarded.get("/_scribe/events").status()).isEqualTo(401);
      // credentials that identify nobody: 401 with the challenge, as at every route of the application
      for (String url : List.of("/_scribe/requests", "/_scribe/events", "/tasks")) {
        Reply invalid = guarded.send("GET", url, null, "X-User", "nobody");
        assertThat(invalid.status()).as(url).isEqualTo(401);
        assertThat(invalid.header("WWW-Authenticate")).as(url).isEqualTo("Bearer realm=\"scribe\", error=\"invalid_token\"");
        assertThat(invalid.map()).as(url).containsEntry("detail", "X-User names nobody");
      }
      assertThat(guarded.send("GET", "/_scribe/requests", null, "X-User", "ada").status()).isEqualTo(200);
      // OPTIONS asks what a URL serves, as on the resource routes: no credentials needed, none refused but
      // those that identify nobody; before, an anonymous OPTIONS was a 401 and bob's a 403
      for (String url : List.of("/_scribe/requests", "/_scribe/events", "/tasks")) {
        for (String user : new String[] {null, "bob", "ada"}) {
          Reply options = user == null ? guarded.send("OPTIONS", url, null)
              : guarded.send("OPTIONS", url, null, "X-User", user);
          assertThat(options.status()).as(url + " " + user + " " + options.body()).isEqualTo(204);
          assertThat(options.header("Allow")).as(url).isNotBlank();
        }
        assertThat(guarded.send("OPTIONS", url, null, "X-User", "nobody").status()).as(url).isEqualTo(401);
      }
      // The page holds no data and asks for a sign-in; what it shows comes from the guarded URLs.
      Reply page = guarded.get("/_scribe/");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"signin\"").doesNotContain("\"items\"");
    }
  }

  @Test
  void theConsoleWithoutItsSlashLeadsAnAnonymousCallerToTheSignInPage() {
    try (HttpApp guarded = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .authenticator(request -> request.getHeader("X-User") == null ? null : User.of("2", request.getHeader("X-User")))
        .console(ConsoleOptions.enabled().requireRole("admin")))) {
      // /_scribe is the URL people type; the redirect holds no data, like the page it leads to
      for (String user : new String[] {null, "bob"}) {
        Reply reply = user == null ? guarded.get("/_scribe") : guarded.send("GET", "/_scribe", null, "X-User", user);
        assertThat(reply.status()).as("caller %s", user).isEqualTo(302);
        assertThat(reply.header("Location")).as("caller %s", user).isEqualTo("/_scribe/");
      }
      assertThat(guarded.get("/_scribe/requests").status()).isEqualTo(401);
    }
    try (HttpApp ruled = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .console(ConsoleOptions.enabled().access(request -> false)))) {
      assertThat(ruled.get("/_scribe").status()).isEqualTo(403);
    }
  }

  @Test
  void aCallerThatCannotBeCheckedForWantOfTheDatabaseIsA503AsOnTheApplicationsRoutes() {
    try (HttpApp guarded = HttpApp.start(scribe -> scribe.trace(true), app -> app
        .authenticator(request -> {
          throw new dev.scribe.repository.DatabaseUnavailableException("the database is out of reach; retry in 2 s",
              false, 2, null);
        })
        .console(ConsoleOptions.enabled().requireRole("admin")))) {
      for (String url : List.of("/tasks", "/_scribe/requests", "/_scribe/events")) {
        Reply reply = guarded.send("GET", url, null, "Authorization", "Bearer some-token");
        assertThat(reply.status()).as(url + " " + reply).isEqualTo(503);
        assertThat(reply.header("Retry-After")).as(url).isEqualTo("2");
        assertThat(reply.header("Content-Type")).as(url).startsWith("application/problem+json");
        assertThat(reply.map()).as(url).containsEntry("detail", "the database is out of reach; retry in 2 s");
      }
    }
  }

  @Test
  void offByDefaultNothingIsServedOrRecorded() {
    try (HttpApp plain = HttpApp.start(scribe -> scribe.trace(true), app -> {})) {
      assertThat(plain.get("/_scribe/requests").status()).isEqualTo(404);
      assertThat(plain.get("/tasks").header("X-Scribe-Request-Id")).isNull();
      assertThat(plain.app.recorder()).isEmpty();
    }
  }

  @Test
  void theConsoleNeedsTheKernelTrace() {
    assertThatThrownBy(() -> HttpApp.start(scribe -> scribe, app -> app.console(ConsoleOptions.enabled())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("trace(true)");
  }

  private static String between(String text, String open, String close) {
    int start = text.indexOf(open) + open.length();
    return text.substring(start, text.indexOf(close, start));
  }

  private static String sha256(String text) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(digest);
  }

  private static List<String> urls(String query) {
    List<String> urls = new ArrayList<>();
    for (Map<String, Object> item : http.get("/_scribe/requests" + query).items()) {
      urls.add(item.get("method") + " " + item.get("url"));
    }
    return urls;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> entries(Map<String, Object> detail) {
    return (List<Map<String, Object>>) detail.get("entries");
  }

  private static Map<String, Object> entry(List<Map<String, Object>> entries, String handler) {
    return entries.stream().filter(e -> handler.equals(e.get("handler"))).findFirst()
        .orElseThrow(() -> new AssertionError("no entry of " + handler + " in " + entries));
  }

  @SuppressWarnings("unchecked")
  private static List<String> changes(Map<String, Object> entry) {
    List<String> changes = new ArrayList<>();
    for (Map<String, Object> change : (List<Map<String, Object>>) entry.get("changes")) {
      changes.add(change.get("key") + ": " + change.get("before") + " -> " + change.get("after"));
    }
    return changes;
  }
}
