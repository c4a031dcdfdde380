package dev.scribe.core.internal;

import java.util.Locale;

/** Wording shared by the framework's messages. */
public final class Words {
  private Words() {}

  /**
   * {@code noun} after its indefinite article, for a type or entity name in a message: "an Integer", "an order",
   * "a Long", "a UUID". Decided by the first letters, the way the name is read aloud; a name that starts with
   * "u" read as "you" (User, UUID, unique) takes "a".
   */
  public static String withArticle(String noun) {
    if (noun == null || noun.isEmpty()) {
      return "a " + noun;
    }
    String lower = noun.toLowerCase(Locale.ROOT);
    boolean vowel = "aeio".indexOf(lower.charAt(0)) >= 0
        || (lower.charAt(0) == 'u' && !lower.startsWith("us") && !lower.startsWith("uu") && !lower.startsWith("uni"));
    return (vowel ? "an " : "a ") + noun;
  }
}
