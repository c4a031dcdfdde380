package dev.scribe.controller.auth;

import dev.scribe.core.Veto;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for account names and passwords. A name is 3 to 64 letters, digits, {@code . _ @ -}, starting
 * with a letter or digit, whose letters do not mix Latin, Cyrillic and Greek; a password has at least the configured length, at most
 * {@value #MAX_PASSWORD_BYTES} bytes in UTF-8 (BCrypt ignores the rest), and is not the name.
 */
public final class Credentials {
  /** BCrypt reads this many bytes of a password and ignores the rest. */
  public static final int MAX_PASSWORD_BYTES = 72;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._@-]{2,63}");

  private final int minPasswordLength;

  Credentials(int minPasswordLength) {
    this.minPasswordLength = minPasswordLength;
  }

  private static final Set<Character.UnicodeScript> LOOK_ALIKES = EnumSet.of(Character.UnicodeScript.LATIN,
      Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.GREEK);

  /** True when the name's letters come from two of Latin, Cyrillic and Greek ({@code аdmin}, its {@code а} Cyrillic). */
  static boolean mixesLookAlikeScripts(String name) {
    Character.UnicodeScript seen = null;
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      i += Character.charCount(codePoint);
      Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
      if (LOOK_ALIKES.contains(script)) {
        if (seen != null && seen != script) {
          return true;
        }
        seen = script;
      }
    }
    return false;
  }

  /** A 422 veto with a field error for each broken rule; the password itself never appears in it. */
  public void check(String name, String password) {
    Veto.Builder refusal = Veto.builder().status(422);
    boolean refused = false;
    if (name == null || name.isEmpty()) {
      refusal.field("name", "is required");
      refused = true;
    } else if (!NAME.matcher(name).matches()) {
      refusal.field("name", "must be 3 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
      refused = true;
    } else if (mixesLookAlikeScripts(name)) {
      refusal.field("name", "must not mix Latin, Cyrillic and Greek letters (such a name can pass for another)");
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
      } else if (name != null && password.equalsIgnoreCase(name)) {
        refusal.field("password", "must not be the name");
        refused = true;
      }
    }
    if (refused) {
      throw refusal.message("the name or password does not follow the rules; see errors").build();
    }
  }
}
