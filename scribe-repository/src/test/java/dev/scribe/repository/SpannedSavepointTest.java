package dev.scribe.repository;

import static dev.scribe.repository.Fixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.scribe.core.Scribe;
import dev.scribe.core.Subscription;
import dev.scribe.core.Veto;
import dev.scribe.repository.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On PostgreSQL a create batch's groups of rows go to the database under one savepoint while nothing else is
 * sent between them (the sequence's next values aside), up to sixteen groups; anything else sent between two
 * groups makes the next one take a savepoint of its own, so that a refusal replayed from the savepoint still meets
 * the database as the refused group did, and names its record. On H2 each group keeps a savepoint of its own.
 * {@link Note} is of a plain type, with a unique title here.
 */
class SpannedSavepointTest {
  @RegisterExtension
  static final TestDatabase DB = TestDatabase.create();
  static final LocalDate DUE = LocalDate.of(2030, 1, 1);
  static final Pattern SAVEPOINT_SET = Pattern.compile("(^|;\\s*)SAVEPOINT ", Pattern.CASE_INSENSITIVE);
  static final List<String> STATEMENTS = Collections.synchronizedList(new ArrayList<>());
  static DataStore store;
  static NoteRepository notes;
  private final List<Subscription> handlers = new ArrayList<>();

  @BeforeAll
  static void open() throws SQLException {
    DataStore.Builder builder = DataStore.builder(Scribe.create()).dataSource(recording(DB))
        .schemaAction("create-drop").entities(Note.class);
    if (DB.schema() != null) {
      builder.property("hibernate.default_schema", DB.schema());
    }
    store = builder.build();
    notes = store.register(new NoteRepository());
    execute("CREATE UNIQUE INDEX note_spanned_title_unique ON Note (title)");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @BeforeEach
  void empty() throws SQLException {
    execute("DELETE FROM Note");
    STATEMENTS.clear();
  }

  @AfterEach
  void removeHandlers() {
    handlers.forEach(Subscription::remove);
    handlers.clear();
  }

  @Test
  void groupsWithNothingSentBetweenThemGoUnderOneSavepointUpToSixteen() throws SQLException {
    int groups = 18;

    notes.createBatch(titles(store.batchSize() * groups), CallOptions.none());

    // eighteen groups of rows: on PostgreSQL the first sixteen under one savepoint, the last two under a second
    assertThat(savepointsSet()).isEqualTo(DB.isPostgres() ? 2 : groups);
    assertThat(count()).isEqualTo(store.batchSize() * groups);
  }

  @Test
  void aGroupAfterAStatementAHandlerSentTakesASavepointOfItsOwn() {
    int size = store.batchSize() * 4;
    int querying = store.batchSize() + 5; // in the second group
    handlers.add(notes.events().on("verifyCreate", args -> {
      if (args.index() == querying) {
        store.currentUnitOfWork().orElseThrow().entityManager()
            .createQuery("select count(n) from Note n", Long.class).getSingleResult();
      }
    }));

    notes.createBatch(titles(size), CallOptions.none());

    // the query flushes the second group's first records (a group of their own) under the first group's savepoint;
    // the rest of the second group, sent after the query, takes a new one, under which the third and fourth go too.
    // On H2 each of the five groups takes its own.
    assertThat(savepointsSet()).isEqualTo(DB.isPostgres() ? 2 : 5);
  }

  @Test
  void aRowRefusedInALaterGroupUnderTheSameSavepointIsNamedAndNothingIsKept() throws SQLException {
    notes.create(params("title", "taken", "dueDate", DUE));
    int size = store.batchSize() * 3 + 1;
    int failing = store.batchSize() * 2 + 7;
    List<Map<String, Object>> rows = titles(size);
    rows.set(failing, params("title", "taken", "dueDate", DUE));
    STATEMENTS.clear();

    Throwable thrown = catchThrowable(() -> notes.createBatch(rows, CallOptions.none()));

    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).records()).extracting(Veto.RecordError::index).containsExactly(failing);
    assertThat(((Veto) thrown).status()).isEqualTo(409);
    assertThat(savepointsSet()).as("one savepoint for the three groups").isEqualTo(DB.isPostgres() ? 1 : 3);
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void aStatementAHandlerSendsBetweenGroupsIsNotLeftOutOfTheReplay() throws SQLException {
    // a handler of the third group deletes the row "taken" with a statement of its own; a record of the third
    // group then takes that title, and a later one repeats a title of the first group, which is refused
    notes.create(params("title", "taken", "dueDate", DUE));
    int size = store.batchSize() * 3;
    int deleting = store.batchSize() * 2 + 1;
    int takesTheTitle = store.batchSize() * 2 + 10;
    int failing = store.batchSize() * 2 + 20;
    List<Map<String, Object>> rows = titles(size);
    rows.set(takesTheTitle, params("title", "taken", "dueDate", DUE));
    rows.set(failing, params("title", "note 5", "dueDate", DUE));
    handlers.add(notes.events().on("verifyCreate", args -> {
      if (args.index() == deleting) {
        store.currentUnitOfWork().orElseThrow().entityManager().unwrap(Session.class).doWork(connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM Note WHERE title = 'taken'");
          }
        });
      }
    }));

    Throwable thrown = catchThrowable(() -> notes.createBatch(rows, CallOptions.none()));

    // replayed from a savepoint before the delete, the record taking "taken" would be refused first
    assertThat(thrown).isInstanceOf(Veto.class);
    assertThat(((Veto) thrown).records()).extracting(Veto.RecordError::index).containsExactly(failing);
    assertThat(count()).isEqualTo(1);
  }

  private static List<Map<String, Object>> titles(int size) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      rows.add(params("title", "note " + i, "dueDate", DUE));
    }
    return rows;
  }

  private static int savepointsSet() {
    int set = 0;
    synchronized (STATEMENTS) {
      for (String sql : STATEMENTS) {
        Matcher matcher = SAVEPOINT_SET.matcher(sql.strip());
        while (matcher.find()) {
          set++;
        }
      }
    }
    return set;
  }

  private static long count() throws SQLException {
    try (Connection connection = DriverManager.getConnection(DB.jdbcUrl(), DB.username(), DB.password());
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("select count(*) from Note")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(DB.jdbcUrl(), DB.username(), DB.password());
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Connections to {@code db} that record the text of every statement executed through a plain {@code Statement}. */
  private static DataSource recording(TestDatabase db) {
    return (DataSource) Proxy.newProxyInstance(SpannedSavepointTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "getConnection":
              return recordingConnection(DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password()));
            case "unwrap":
              throw new SQLException("not a wrapper");
            case "isWrapperFor":
              return false;
            case "getLoginTimeout":
              return 0;
            case "equals":
              return proxy == args[0];
            case "hashCode":
              return System.identityHashCode(proxy);
            case "toString":
              return "recording " + db.jdbcUrl();
            default:
              return null;
          }
        });
  }

  private static Connection recordingConnection(Connection connection) {
    return (Connection) Proxy.newProxyInstance(SpannedSavepointTest.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          if (method.getName().equals("createStatement")) {
            Statement statement = (Statement) result;
            return Proxy.newProxyInstance(SpannedSavepointTest.class.getClassLoader(), new Class<?>[] {Statement.class},
                (statementProxy, call, callArgs) -> {
                  if (call.getName().startsWith("execute") && callArgs != null && callArgs.length > 0
                      && callArgs[0] instanceof String) {
                    STATEMENTS.add((String) callArgs[0]);
                  }
                  return invoke(statement, call, callArgs);
                });
          }
          return result;
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
