package dev.scribe.repository.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An H2 connection keeps its lock statements prepared until it is closed; nothing else changes. */
class LockStatementCacheTest {
  private static final String LOCK = "select id, title from item where id in (?, ?) order by id for update";

  private Connection keeper;
  private DataSource dataSource;

  @BeforeEach
  void openDatabase() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:lock_statements;DB_CLOSE_DELAY=-1");
    keeper = h2.getConnection();
    try (Statement statement = keeper.createStatement()) {
      statement.execute("create table item(id bigint primary key, title varchar(50))");
      statement.execute("insert into item values (1, 'one'), (2, 'two'), (3, 'three')");
    }
    dataSource = LockStatementCache.wrap(h2);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Statement statement = keeper.createStatement()) {
      statement.execute("drop all objects");
    }
    keeper.close();
  }

  @Test
  void aLockStatementClosedByItsUserIsTheOneTheNextPrepareOfItsTextGets() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      PreparedStatement first = prepare(connection, 1, 2);
      assertThat(titles(first)).containsExactly("one", "two");
      JdbcPreparedStatement underlying = first.unwrap(JdbcPreparedStatement.class);
      first.close();
      assertThat(first.isClosed()).isTrue();

      PreparedStatement second = prepare(connection, 2, 3);
      assertThat(second.unwrap(JdbcPreparedStatement.class)).isSameAs(underlying);
      assertThat(second.isClosed()).isFalse();
      assertThat(titles(second)).containsExactly("two", "three");
      assertThat(second.getConnection()).isSameAs(connection);
      second.close();
      connection.commit();
    }
  }

  @Test
  void aClosedLockStatementRefusesUseAndItsParametersAreCleared() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      PreparedStatement statement = prepare(connection, 1, 2);
      statement.close();

      assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("closed");
      PreparedStatement again = connection.prepareStatement(LOCK, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      assertThatThrownBy(again::executeQuery).isInstanceOf(SQLException.class); // no parameter carried over
      again.close();
    }
  }

  @Test
  void theSameTextOpenTwiceAtOnceGetsTwoStatements() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      PreparedStatement first = prepare(connection, 1, 2);
      PreparedStatement second = prepare(connection, 2, 3);

      assertThat(second.unwrap(JdbcPreparedStatement.class)).isNotSameAs(first.unwrap(JdbcPreparedStatement.class));
      assertThat(titles(first)).containsExactly("one", "two");
      assertThat(titles(second)).containsExactly("two", "three");
      first.close();
      second.close();
    }
  }

  @Test
  void aStatementGivenALastingSettingIsClosedForGood() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      PreparedStatement first = prepare(connection, 1, 2);
      first.setMaxRows(1);
      assertThat(titles(first)).containsExactly("one");
      JdbcPreparedStatement underlying = first.unwrap(JdbcPreparedStatement.class);
      first.close();

      assertThat(underlying.isClosed()).isTrue();
      PreparedStatement second = prepare(connection, 1, 2);
      assertThat(titles(second)).containsExactly("one", "two");
      second.close();
    }
  }

  @Test
  void closingTheConnectionClosesWhatItKept() throws SQLException {
    JdbcPreparedStatement underlying;
    try (Connection connection = dataSource.getConnection()) {
      PreparedStatement statement = prepare(connection, 1, 2);
      underlying = statement.unwrap(JdbcPreparedStatement.class);
      statement.close();
      assertThat(underlying.isClosed()).isFalse();
    }
    assertThat(underlying.isClosed()).isTrue();
  }

  @Test
  void otherStatementsAreTheDriversOwn() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      PreparedStatement plain = connection.prepareStatement("select title from item where id = ?");
      assertThat(plain).isInstanceOf(JdbcPreparedStatement.class);
      plain.close();
      assertThat(plain.isClosed()).isTrue();
      PreparedStatement scrolling = connection.prepareStatement(LOCK, ResultSet.TYPE_SCROLL_INSENSITIVE,
          ResultSet.CONCUR_READ_ONLY);
      assertThat(scrolling).isInstanceOf(JdbcPreparedStatement.class);
      scrolling.close();
    }
  }

  @Test
  void errorsOfTheDriverReachTheCallerUnwrapped() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      assertThatThrownBy(() -> connection.prepareStatement("select nothing from nowhere for update"))
          .isInstanceOf(SQLException.class).hasMessageContaining("NOWHERE");
      assertThatThrownBy(() -> connection.createStatement().execute("select broken("))
          .isInstanceOf(SQLException.class);
    }
  }

  @Test
  void lockTextsAreFoundAndALentConnectionStillUnwrapsToH2s() throws SQLException {
    assertThat(LockStatementCache.locks("SELECT a FROM t WHERE id = ? FOR UPDATE")).isTrue();
    assertThat(LockStatementCache.locks("select a from t where id = ?")).isFalse();
    try (Connection connection = dataSource.getConnection()) {
      assertThat(connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
      assertThat(connection.getClass().getName()).doesNotStartWith("org.h2");
    }
  }

  private static PreparedStatement prepare(Connection connection, long first, long second) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(LOCK, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    statement.setLong(1, first);
    statement.setLong(2, second);
    return statement;
  }

  private static List<String> titles(PreparedStatement statement) throws SQLException {
    List<String> titles = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        titles.add(rows.getString(2));
      }
    }
    return titles;
  }
}
