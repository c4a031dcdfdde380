package dev.scribe.core;

/** What a dotted context path may be: one or more non-empty segments separated by single dots, no whitespace, no '*'. */
final class ContextPath {
  /** The rule, for messages. */
  static final String RULE = "a context path is names separated by single dots, such as \"admin.tasks.store\","
      + " without whitespace or '*'";

  private ContextPath() {}

  /**
   * True when {@code path} is such a path. One pass over the characters, no split: the controller and the
   * repository check a path on every call.
   */
  static boolean isValid(String path) {
    boolean segmentEmpty = true;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        if (segmentEmpty) {
          return false;
        }
        segmentEmpty = true;
      } else if (c == '*' || Character.isWhitespace(c)) {
        return false;
      } else {
        segmentEmpty = false;
      }
    }
    return !segmentEmpty;
  }
}
