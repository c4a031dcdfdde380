package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.scribe.core.Subscription;
import dev.scribe.core.UsageException;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueryTest {
  @RegisterExtension
  static final Fixture fixture = Fixture.create().keepingRows();
  static final TestDatabase DB = fixture.db;
  static Person ada;

  @BeforeAll
  static void open() {
    ada = fixture.people.create(params("name", "Ada"));
    fixture.tasks.createBatch(List.of(
        params("title", "alpha", "priority", 1, "dueDate", "2026-01-10", "owner", ada.getId()),
        params("title", "beta", "priority", 3, "dueDate", "2026-02-10", "status", "DONE"),
        params("title", "gamma", "priority", 5, "dueDate", "2026-03-10", "owner", ada.getId()),
        params("title", "delta", "priority", 3, "budget", "12.50"),
        params("title", "epsilon", "priority", 2, "starred", true)), CallOptions.none());
  }

  private static List<String> titles(Query query) {
    return fixture.tasks.list(query, CallOptions.none()).items().stream().map(Task::getTitle).toList();
  }

  private static Query parse(Object... keysAndValues) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      raw.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Query.fromParams(raw);
  }

  @Test
  void filtersSortAndPageAsTheQueryLanguageSays() {
    assertThat(titles(parse("priority[gte]", "3", "sort", "-priority,title"))).containsExactly("gamma", "beta", "delta");
    assertThat(titles(parse("status", "DONE"))).containsExactly("beta");
    assertThat(titles(parse("priority[in]", "1,5", "sort", "title"))).containsExactly("alpha", "gamma");
    assertThat(titles(parse("title[like]", "%ta", "sort", "title"))).containsExactly("beta", "delta");
    assertThat(titles(parse("dueDate[lt]", "2026-02-10"))).containsExactly("alpha");
    assertThat(titles(parse("priority[ne]", "3", "starred", "false", "sort", "-title"))).containsExactly("gamma", "alpha");
    assertThat(titles(parse("owner", String.valueOf(ada.getId()), "sort", "title"))).containsExactly("alpha", "gamma");
    assertThat(titles(parse("budget[gt]", "10"))).containsExactly("delta");
  }

  @Test
  void recordsWithoutAValueComeFirstInAnAscendingSortAndLastInADescendingOneOnEveryDatabase() {
    // H2 sorts nulls as the smallest value and PostgreSQL as the largest: the same page listed other records
    assertThat(titles(parse("sort", "dueDate"))).containsExactly("delta", "epsilon", "alpha", "beta", "gamma");
    assertThat(titles(parse("sort", "-dueDate"))).containsExactly("gamma", "beta", "alpha", "delta", "epsilon");
    assertThat(titles(parse("sort", "-budget,title", "size", "2"))).containsExactly("delta", "alpha");
    assertThat(titles(parse("sort", "budget,-title", "size", "2"))).containsExactly("gamma", "epsilon");
  }

  @Test
  void anInFilterListsAtMostTenThousandDistinctValuesInsteadOfFailingInTheDatabase() {
    StringBuilder many = new StringBuilder("1");
    for (int i = 2; i <= 100_001; i++) {
      many.append(',').append(i);
    }
    StringBuilder repeated = new StringBuilder("5");
    for (int i = 0; i < 20_000; i++) {
      repeated.append(",1");
    }

    Veto refused = catchThrowableOfType(Veto.class, () -> titles(parse("priority[in]", many.toString())));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.messages()).containsExactly("priority[in]: more than 10000 values; one filter lists at most 10000"
        + " values: narrow the query, or split it into several");
    assertThat(refused.fieldErrors()).containsOnlyKeys("priority");
    assertThat(titles(parse("priority[in]", repeated.toString(), "sort", "title"))).as("the same value counts once")
        .containsExactly("alpha", "gamma");
  }

  @Test
  void pagesCarryTheTotalOfAllPages() {
    Page<Task> page = fixture.tasks.list(parse("sort", "title", "page", "2", "size", "2"), CallOptions.none());

    assertThat(page.items()).extracting(Task::getTitle).containsExactly("delta", "epsilon");
    assertThat(page.page()).isEqualTo(2);
    assertThat(page.size()).isEqualTo(2);
    assertThat(page.total()).isEqualTo(5);
    assertThat(fixture.tasks.count(parse("priority", "3"), CallOptions.none())).isEqualTo(2);
  }

  @Test
  void theFrontEndKeysAreIgnored() {
    assertThat(titles(parse("with", "owner", "fields", "title", "ignoreErrors", "true", "priority", "1")))
        .containsExactly("alpha");
  }

  @Test
  void aHandlerMayNarrowTheQueryInPreStart() {
    Subscription narrowing = fixture.tasks.events().on("preStart",
        args -> ((Query) args.get("criteria")).where("starred", Operator.EQ, true));
    try {
      assertThat(titles(new Query())).containsExactly("epsilon");
    } finally {
      narrowing.remove();
    }
  }

  @Test
  void orderByRefusesAnAttributeItAlreadySortsByAsSortEqualsTitleTitleIs() {
    // sort=title,title was a 400 while orderBy("title", true).orderBy("title", false) added a second ORDER BY term
    Query query = new Query().orderBy("title", true);

    UsageException refused = catchThrowableOfType(UsageException.class, () -> query.orderBy("title", false));

    assertThat(refused).hasMessage("Query.orderBy(\"title\", false): the query already sorts by 'title'; name each"
        + " attribute once, and to change its direction remove its key from sort() first");
    assertThat(query.sort()).containsExactly(new Sort("title", true));
    assertThat(catchThrowableOfType(UsageException.class,
        () -> parse("sort", "-priority").orderBy("priority", false))).hasMessageContaining("already sorts by 'priority'");
    assertThat(titles(new Query().orderBy("priority", false).orderBy("title", true)))
        .containsExactly("gamma", "beta", "delta", "epsilon", "alpha");
  }

  @Test
  void anUnknownOperatorIsA400ListingTheAllowedOnes() {
    Veto veto = catchThrowableOfType(Veto.class, () -> parse("priority[gtx]", "3"));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("priority[gtx]: unknown operator 'gtx'; allowed: eq, ne, gt, gte, lt, lte, in, like");
    assertThat(veto.fieldErrors()).containsOnlyKeys("priority");
  }

  @Test
  void anUnknownAttributeIsA400ListingTheFilterableOnes() {
    Veto veto = catchThrowableOfType(Veto.class, () -> titles(parse("secret", "x")));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("tasks cannot be filtered by 'secret'; use one of id, version, title, "
        + "status, priority, dueDate, budget, remindAt, starred, createdBy, owner");
  }

  @Test
  void sortingByAnUnknownAttributeIsA400() {
    Veto veto = catchThrowableOfType(Veto.class, () -> titles(parse("sort", "-subtasks")));

    assertThat(veto.messages()).singleElement().asString().startsWith("tasks cannot be sorted by 'subtasks'; use one of id,");
  }

  @Test
  void aValueThatDoesNotConvertIsA400NamingFieldValueAndType() {
    Veto veto = catchThrowableOfType(Veto.class, () -> titles(parse("priority[gt]", "high")));

    assertThat(veto.status()).isEqualTo(400);
    assertThat(veto.messages()).containsExactly("priority: 'high' is not a valid Integer");
    assertThat(veto.fieldErrors()).containsEntry("priority", List.of("'high' is not a valid Integer"));
  }

  @Test
  void likeOnANonTextAttributeIsA400() {
    Veto veto = catchThrowableOfType(Veto.class, () -> titles(parse("priority[like]", "1%")));

    assertThat(veto.messages()).containsExactly("priority[like]: like applies to text attributes only; priority is a whole number");
  }

  @Test
  void aLikeFilterWithoutAPatternIsA400InsteadOfMatchingThePrintedValue() {
    // a null (or a find body's object) was printed into the pattern: "null" and "{a=1}" matched only records with that title
    Veto ofNull = catchThrowableOfType(Veto.class, () -> titles(new Query().where("title", Operator.LIKE, null)));
    Veto ofText = catchThrowableOfType(Veto.class, () -> titles(parse("title[like]", "null")));
    Veto ofMap = catchThrowableOfType(Veto.class, () -> titles(new Query().where("title", Operator.LIKE, Map.of("a", 1))));

    for (Veto veto : List.of(ofNull, ofText)) {
      assertThat(veto.status()).isEqualTo(400);
      assertThat(veto.messages()).containsExactly("title[like]: null is no pattern; to match records without a title,"
          + " filter title=null (in a find body, \"title\": null)");
      assertThat(veto.fieldErrors()).containsOnlyKeys("title");
    }
    assertThat(ofMap.status()).isEqualTo(400);
    assertThat(ofMap.messages()).containsExactly("title: '{a=1}' is not a valid String");
    assertThat(titles(new Query().where("title", Operator.LIKE, "%pha"))).containsExactly("alpha");
  }

  @Test
  void pageAndSizeMustBePositiveWholeNumbers() {
    assertThat(catchThrowableOfType(Veto.class, () -> parse("page", "0")).messages())
        .containsExactly("page: 0 is not allowed; use a whole number of 1 or more");
    assertThat(catchThrowableOfType(Veto.class, () -> parse("size", "ten")).messages())
        .containsExactly("size: 'ten' is not a number; use a whole number of 1 or more");
    assertThat(catchThrowableOfType(Veto.class, () -> new Query().size(-1)).fieldErrors())
        .containsEntry("size", List.of("-1 is not allowed; use a whole number of 1 or more"));
  }

  @Test
  void repeatedParametersAreSeveralFilters() {
    assertThat(titles(parse("priority[gte]", List.of("2", "3"), "sort", "title"))).containsExactly("beta", "delta", "gamma");
  }
}
