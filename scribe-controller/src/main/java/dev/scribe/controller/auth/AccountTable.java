package dev.scribe.controller.auth;

import dev.scribe.core.User;
import dev.scribe.core.Veto;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The accounts of an {@link IdentityStore} in {@code scribe_users}: names unique regardless of case, BCrypt hashes only. */
final class AccountTable {
  private final IdentityDatabase database;
  private final Clock clock;

  AccountTable(IdentityDatabase database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Inserts the account of {@code user}; a 409 when the name is taken. */
  User insert(User user, String name, String hash) {
    return database.run(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "insert into scribe_users (id, name, name_key, password_hash, roles, created_at) values (?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, user.id());
        insert.setString(2, name);
        insert.setString(3, key(name));
        insert.setString(4, hash);
        insert.setString(5, String.join(",", user.roles()));
        insert.setLong(6, clock.millis());
        insert.executeUpdate();
        return user;
      } catch (SQLException e) {
        if (IdentityDatabase.isUniqueViolation(e)
            || !IdentityDatabase.isConnectionLost(e) && nameTaken(connection, name, e)) {
          throw Veto.builder().status(409).message("the name '" + name + "' is taken; choose another")
              .field("name", "is taken").build();
        }
        throw e;
      }
    });
  }

  /**
   * Whether a failed insert met a taken name the database reported otherwise, asked on the insert's connection
   * (not after the connection was lost: the pool's "Connection is closed" of the lookup, without a SQL state, hid
   * the termination, a 500 instead of a 503, and the call, its first statement refused, could not run again). A
   * lookup that fails too leaves the insert's failure the one thrown.
   */
  private boolean nameTaken(Connection connection, String name, SQLException insertFailure) {
    try {
      return findByName(connection, name) != null;
    } catch (SQLException lookupFailure) {
      insertFailure.addSuppressed(lookupFailure);
      return false;
    }
  }

  void delete(User user) {
    database.run(connection -> {
      try (PreparedStatement tokens = connection.prepareStatement("delete from scribe_tokens where user_id = ?");
          PreparedStatement account = connection.prepareStatement("delete from scribe_users where id = ?")) {
        tokens.setString(1, user.id());
        tokens.executeUpdate();
        account.setString(1, user.id());
        account.executeUpdate();
      }
      return null;
    });
  }

  /** The account of that name (any case), or null. */
  Account find(String name) {
    return database.run(connection -> findByName(connection, name));
  }

  /** False when no account has the user's id. */
  boolean updatePassword(User user, String hash) {
    return database.run(connection -> {
      try (PreparedStatement update = connection.prepareStatement("update scribe_users set password_hash = ? where id = ?")) {
        update.setString(1, hash);
        update.setString(2, user.id());
        return update.executeUpdate() == 1;
      }
    });
  }

  /**
   * The account of the name under the key of this version or of an earlier one: the earlier, narrower keys
   * first, so that an account registered under one of them is found by its own name before an account that
   * only the wider key of this version folds it into.
   */
  private Account findByName(Connection connection, String name) throws SQLException {
    String key = key(name);
    for (String candidate : new LinkedHashSet<>(List.of(formerKey(name), foldedKey(name), key))) {
      Account account = findByKey(connection, candidate, key);
      if (account != null) {
        return account;
      }
    }
    return null;
  }

  /**
   * The account stored under {@code candidate}, unless it is an account of this version that the name's own
   * {@code key} tells apart: the former keys took off every mark, and must not lead {@code रामन} to the
   * account of {@code रमन} registered since.
   */
  private Account findByKey(Connection connection, String candidate, String key) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "select id, name, roles, password_hash, name_key from scribe_users where name_key = ?")) {
      select.setString(1, candidate);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String storedName = rs.getString(2);
        String ownKey = key(storedName);
        if (ownKey.equals(rs.getString(5)) && !ownKey.equals(key)) {
          return null;
        }
        return new Account(new User(rs.getString(1), storedName, roles(rs.getString(3))), rs.getString(4));
      }
    }
  }

  static Set<String> roles(String joined) {
    if (joined == null || joined.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(joined.split(",")));
  }

  /**
   * The key two names share when a reader could take one for the other: compatibility forms folded
   * ({@code ａｄｍｉｎ} is {@code admin}), accents and other marks taken off ({@code ADMİN}), case ignored,
   * the dotless {@code ı} read as {@code i}, and the Cyrillic and Greek letters that look like Latin ones
   * read as those ({@code аре}, all Cyrillic, is {@code ape}; {@code ΒΟΒ}, all Greek, is {@code bob}), and so the
   * Latin look-alikes, small capitals and Cherokee letters of {@link #LOOK_ALIKES} ({@code ᴀᴅᴍɪɴ} is {@code admin}).
   * Names that mix scripts are refused by {@link Credentials}, so {@code аdmin} with a Cyrillic {@code а}
   * never needs a key.
   */
  static String key(String name) {
    String folded = accentsFolded(name);
    StringBuilder key = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      int lookAlike = LOOK_ALIKES.indexOf(c);
      key.append(lookAlike < 0 ? c : LATIN.charAt(lookAlike));
    }
    return key.toString();
  }

  /**
   * Lower-case Cyrillic and Greek letters whose lower or upper case looks like a Latin letter, and that letter
   * ({@code в} for its {@code В}, {@code η} for its {@code Η}); then Latin letters that look like a plain one (the
   * Latin alpha {@code ɑ}, the script {@code ɡ}, the dental click {@code ǀ}) and the small capitals, which a
   * reader takes for the capital letter ({@code ᴀᴅᴍɪɴ} is {@code ADMIN}); then the Cherokee letters that look like
   * a Latin letter ({@code ᏚᎪᎷᎷᎽ} is {@code SAMMY}), in the lower case the key compares, as Unicode's confusables
   * list pairs them. Without these, such a name was free and passed for the account it copies.
   */
  private static final String LOOK_ALIKES = "авекмнорстухѕіјԁһԛԝӏүαβεζηικμνορτυχϲϳ"
      + "ɑɡɣɩɯʋǀȷ" + "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴑᴘꞯʀꜱᴛᴜᴠᴡʏᴢ"
      + "ᎠᎡᎢᎥᎩᎪᎫᎬᎳᎷᎻᎽᏀᏂᏃᏏᏒᏔᏕᏙᏚᏞᏟᏢᏦᏧᏳᏴ".toLowerCase(Locale.ROOT);
  private static final String LATIN = "abekmhopctyxsijdhqwlyabezhikmnoptyxcj"
      + "agyiwulj" + "abcdefghijklmnoopqrstuvwyz"
      + "drtiyajewmhyghzbrwsvslcpkdgb";

  /**
   * Compatibility forms folded, case ignored, and the marks taken off that are accents or optional points:
   * those on Latin, Greek and Cyrillic letters, Hebrew and Arabic points. A vowel sign or virama of
   * Devanagari, Tamil, Thai and the other scripts that write vowels as marks spells another name ({@code रामन}
   * is not {@code रमन}), so it stays.
   */
  static String accentsFolded(String name) {
    String decomposed = Normalizer.normalize(name.strip(), Normalizer.Form.NFKD);
    StringBuilder kept = new StringBuilder(decomposed.length());
    Character.UnicodeScript base = null;
    for (int i = 0; i < decomposed.length(); ) {
      int codePoint = decomposed.codePointAt(i);
      i += Character.charCount(codePoint);
      if (!isMark(codePoint)) {
        base = Character.UnicodeScript.of(codePoint);
        kept.appendCodePoint(codePoint);
      } else if (base != null && !ACCENTED.contains(base)) {
        kept.appendCodePoint(codePoint);
      }
    }
    return kept.toString().toLowerCase(Locale.ROOT).replace('ı', 'i');
  }

  private static final Set<Character.UnicodeScript> ACCENTED = Set.of(Character.UnicodeScript.LATIN,
      Character.UnicodeScript.GREEK, Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.HEBREW,
      Character.UnicodeScript.ARABIC, Character.UnicodeScript.COMMON, Character.UnicodeScript.INHERITED);

  private static boolean isMark(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  /**
   * The key of accounts registered before look-alike letters were folded, and before the vowel signs of
   * scripts such as Devanagari were kept: every mark taken off.
   */
  static String foldedKey(String name) {
    String folded = MARKS.matcher(Normalizer.normalize(name.strip(), Normalizer.Form.NFKD)).replaceAll("");
    return folded.toLowerCase(Locale.ROOT).replace('ı', 'i');
  }

  /** The key of accounts registered before names were folded: only stripped and lower-cased. */
  private static String formerKey(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  /** A row of {@code scribe_users}. */
  record Account(User user, String passwordHash) {
    @Override
    public String toString() {
      return "Account[" + user + "]";
    }
  }
}
