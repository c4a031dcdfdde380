package dev.scribe.controller.auth;

import dev.scribe.core.Veto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for account names and passwords. A name is 3 to 64 letters (with their marks), digits,
 * {@code . _ @ -}, starting with a letter or digit, whose letters and digits are of one script (or Latin with
 * Han and kana, Bopomofo or Hangul, as Chinese, Japanese and Korean names are written); a password has at least
 * the configured length, at most
 * {@value #MAX_PASSWORD_BYTES} bytes in UTF-8 (BCrypt ignores the rest), and is not the name (nor the name with
 * blanks around it, in another case or width, with accents or look-alike letters).
 */
public final class Credentials {
  /** BCrypt reads this many bytes of a password and ignores the rest. */
  public static final int MAX_PASSWORD_BYTES = 72;
  /** The length of the {@code name_key} column: a name's key (its compatibility characters spelled out) fits it. */
  static final int MAX_NAME_KEY = 64;
  /**
   * Letters and digits, each with at most {@value #MAX_MARKS} marks on it (the vowel signs of Devanagari, Tamil
   * or Thai, Hebrew points, an accent typed apart), and {@code . _ @ -}; a letter or digit first.
   */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}]\\p{M}{0," + Credentials.MAX_MARKS + "}"
      + "(?:[\\p{L}\\p{N}]\\p{M}{0," + Credentials.MAX_MARKS + "}|[._@-])*");
  /** Marks one letter may carry: enough for any script's writing, not a pile drawn over the text around it. */
  private static final int MAX_MARKS = 4;
  private static final int MIN_NAME = 3;
  private static final int MAX_NAME = 64;

  private final int minPasswordLength;

  Credentials(int minPasswordLength) {
    this.minPasswordLength = minPasswordLength;
  }

  private static final Set<Character.UnicodeScript> LOOK_ALIKES = EnumSet.of(Character.UnicodeScript.LATIN,
      Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.GREEK);
  /** Scripts written together: Latin with Han and kana (Japanese), with Han and Bopomofo, with Han and Hangul. */
  private static final List<Set<Character.UnicodeScript>> WRITTEN_TOGETHER = List.of(
      EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
          Character.UnicodeScript.KATAKANA),
      EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
      EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

  /** True when the name's letters come from two of Latin, Cyrillic and Greek ({@code аdmin}, its {@code а} Cyrillic). */
  static boolean mixesLookAlikeScripts(String name) {
    Set<Character.UnicodeScript> scripts = scripts(name);
    scripts.retainAll(LOOK_ALIKES);
    return scripts.size() > 1;
  }

  /**
   * The scripts of the name's letters and digits when they are not written together ({@code bօb}, its
   * {@code օ} Armenian; {@code bob٠}, its {@code ٠} an Arabic-Indic digit), else null: one script, or Latin
   * with Han and kana, Bopomofo or Hangul (the "highly restrictive" level of Unicode's UTS #39).
   */
  static Set<Character.UnicodeScript> mixedScripts(String name) {
    Set<Character.UnicodeScript> scripts = scripts(name);
    if (scripts.size() <= 1) {
      return null;
    }
    for (Set<Character.UnicodeScript> together : WRITTEN_TOGETHER) {
      if (together.containsAll(scripts)) {
        return null;
      }
    }
    return scripts;
  }

  private static Set<Character.UnicodeScript> scripts(String name) {
    Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      i += Character.charCount(codePoint);
      Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
      if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED
          && script != Character.UnicodeScript.UNKNOWN) {
        scripts.add(script);
      }
    }
    return scripts;
  }

  private static String scriptNames(Set<Character.UnicodeScript> scripts) {
    List<String> names = new ArrayList<>();
    for (Character.UnicodeScript script : scripts) {
      String words = script.name().toLowerCase(Locale.ROOT).replace('_', ' ');
      names.add(Character.toUpperCase(words.charAt(0)) + words.substring(1));
    }
    return names.size() == 2 ? names.get(0) + " and " + names.get(1)
        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /**
   * True when the password is the name as a reader would take it: with blanks around it, in another case or in
   * full-width letters, with accents, or with a look-alike letter of another script. Its key is the name's key
   * ({@link AccountTable#key}), the same folding that makes such a name a taken one.
   */
  private static boolean readsAsTheName(String password, String name) {
    return password.equalsIgnoreCase(name) || AccountTable.key(password).equals(AccountTable.key(name));
  }

  /** A 422 veto with a field error for each broken rule; the password itself never appears in it. */
  public void check(String name, String password) {
    Veto.Builder refusal = Veto.builder().status(422);
    boolean refused = false;
    if (name == null || name.isEmpty()) {
      refusal.field("name", "is required");
      refused = true;
    } else if (name.length() < MIN_NAME || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      refusal.field("name", "must be 3 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"
          + " (a letter or digit may carry up to " + MAX_MARKS + " marks, such as accents or vowel signs)");
      refused = true;
    } else if (mixesLookAlikeScripts(name)) {
      refusal.field("name", "must not mix Latin, Cyrillic and Greek letters (such a name can pass for another)");
      refused = true;
    } else if (mixedScripts(name) != null) {
      refusal.field("name", "must not mix letters or digits of " + scriptNames(mixedScripts(name))
          + " (such a name can pass for another); write it in one script");
      refused = true;
    } else if (AccountTable.key(name).length() > MAX_NAME_KEY) {
      refusal.field("name", "must be at most " + MAX_NAME_KEY + " characters with its ligatures and other"
          + " compatibility characters spelled out (ﬀ is ff), and is " + AccountTable.key(name).length());
      refused = true;
    }
    if (password == null || password.isEmpty()) {
      refusal.field("password", "is required");
      refused = true;
    } else {
      int bytes = password.getBytes(StandardCharsets.UTF_8).length;
      if (password.codePointCount(0, password.length()) < minPasswordLength) {
        refusal.field("password", "must have at least " + minPasswordLength + " characters");
        refused = true;
      } else if (bytes > MAX_PASSWORD_BYTES) {
        refusal.field("password", "must have at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        refused = true;
      } else if (password.isBlank()) {
        refusal.field("password", "must not be only blanks");
        refused = true;
      } else if (name != null && readsAsTheName(password, name)) {
        refusal.field("password", "must not be the name");
        refused = true;
      }
    }
    if (refused) {
      throw refusal.message("the name or password does not follow the rules; see errors").build();
    }
  }
}
