package dev.scribe.controller.http.problem;

import java.util.Map;

/**
 * Jetty's reasons for a 400 it raises itself ({@code Ambiguous URI path separator}, {@code Early EOF}) said in the
 * client's terms: which part of the request was wrong, and what it takes instead. Jetty's words name its own
 * checks, and "Early EOF" for a chunk size that is not hexadecimal points nowhere near the mistake.
 */
final class JettyReasons {
  private static final Map<String, String> EXPLAINED = Map.ofEntries(
      Map.entry("Ambiguous URI path segment", "the URL path has a '.' or '..' segment written with percent-escapes"
          + " (%2e), which would address another path than the one it reads as; write the path without such segments"),
      Map.entry("Ambiguous URI path separator", "a segment of the URL path holds an encoded slash (%2F), which would"
          + " split it in two for some readers and not others; a segment of this API cannot hold '/'"),
      Map.entry("Ambiguous URI path encoding", "the URL path has an encoded percent sign (%25) that starts another"
          + " escape once decoded (%252e), which decodes to another path at each step; percent-encode the path once"),
      Map.entry("Ambiguous URI empty segment", "the URL path has an empty segment (//); write one slash between segments"),
      Map.entry("Ambiguous URI path parameter", "the URL path has an empty path parameter (;); leave it out"),
      Map.entry("Suspicious Path Character", "the URL path holds a control character or a backslash, percent-encoded"
          + " or not (%00 to %1F, %7F, %5C); leave it out"),
      // Jetty's reason for the ASCII characters RFC 3986 leaves out of a path too (a quote, brackets, braces, ...)
      Map.entry("Illegal Path Character", "the URL path holds a character that a URL carries only percent-encoded: one"
          + " outside ASCII, or one of \" < > [ ] ^ ` { | }; percent-encode it (%22 for \", the UTF-8 bytes %C3%A9"
          + " for \u00e9)"),
      Map.entry("Bad UTF-8 encoding", "the URL path is not valid UTF-8 once percent-decoded; percent-encode the UTF-8"
          + " bytes of the text (%C3%A9 for \u00e9)"),
      Map.entry("Bad URI path", "the request target is not a path: '*' is the target of OPTIONS alone, and any other"
          + " starts with '/'"),
      Map.entry("Fragment", "the request target has a fragment ('#' and what follows), which a client keeps to"
          + " itself; leave it out of the request line"),
      Map.entry("Early EOF", "the body ended before it was complete: a chunk size that is not a hexadecimal number,"
          + " a chunk shorter than its size, or a connection closed mid-body; send the body whole, framed by"
          + " Content-Length or Transfer-Encoding: chunked"),
      Map.entry("Bad chunking", "the chunked body is malformed: each chunk is its size in hexadecimal, CRLF, the bytes"
          + " and CRLF, and the last chunk is 0 followed by an empty line"),
      Map.entry("Invalid Content-Length Value", "Content-Length must be a single whole number of bytes, 0 or more"),
      Map.entry("Multiple Content-Lengths", "the request has more than one Content-Length header; send one"),
      Map.entry("Transfer-Encoding and Content-Length", "the request has both Transfer-Encoding and Content-Length,"
          + " which frame its body two ways; send one of them"),
      Map.entry("No Host", "the request has no Host header, which HTTP/1.1 requires; send Host: with the server's name"),
      Map.entry("Blank Host", "the Host header is empty; send the server's name as the URL has it, such as Host:"
          + " example.com or Host: example.com:8080"),
      Map.entry("Bad HostPort", "the Host header is not a host name or address with an optional port; send the"
          + " server's name as the URL has it, such as Host: example.com, Host: example.com:8080 or Host: [::1]:8080"),
      // Jetty's reason for any header that does not end with chunked, one naming no chunked at all (gzip, identity)
      // as much as one naming it first (chunked, gzip)
      Map.entry("Bad Transfer-Encoding, chunked not last", "the Transfer-Encoding header does not end with chunked, so"
          + " where the body ends cannot be told (a body in any other coding runs until the connection closes); a"
          + " request body is framed by Transfer-Encoding: chunked, chunked being the last coding, or by"
          + " Content-Length"),
      Map.entry("Bad Transfer-Encoding, multiple chunked tokens", "the Transfer-Encoding header names chunked more"
          + " than once, and a body is chunked once; send Transfer-Encoding: chunked, or Content-Length"),
      Map.entry("Duplicate Host Header", "the request has two Host headers; send one"),
      Map.entry("Authority!=Host", "the request target names another host than the Host header; send the same host"
          + " in both, or the path alone as the target"),
      // Jetty's reason when it names none: a path escape that is malformed or encodes NUL ("%ZZ", "%00"), an encoded
      // dot segment at the root, a Content-Length beyond any number of bytes
      Map.entry("Bad Request", "the request line or a header is malformed, for instance a percent-escape in the path"
          + " that is not '%' and two hex digits or that encodes NUL (%00) or a dot segment (%2e%2e), or a"
          + " Content-Length too large to be a number of bytes; percent-encode the UTF-8 bytes of each path segment"
          + " and send Content-Length as the body's length"),
      // Jetty's reason for a header line that starts with a space or a tab, and for one that starts with its colon
      Map.entry("Line Folding not supported", "a header continues on a line that starts with a space or a tab"
          + " (obsolete line folding), or is a header line without a name before its colon; write each header on one"
          + " line, its name, a colon and its value"),
      Map.entry("Bad EOL", "a line of the request line or the headers ends with a carriage return alone (CR, 0x0d),"
          + " which some readers take for a line end and others for part of the line; end each line with CR LF"),
      Map.entry("Deprecated User Info", "the request target names a user before its host (http://user@host/...),"
          + " which an HTTP URL does not carry (RFC 9110, 4.2.4); send the path alone as the target, or the URL"
          + " without the user"));

  /** The reason ScribeServer gives a target of another scheme than HTTP's, followed by the scheme. */
  private static final String UNSERVED_SCHEME = "Unserved scheme ";

  /** Jetty's reason for a character a header or the request line may not hold there, followed by its name. */
  private static final String ILLEGAL_CHARACTER = "Illegal character ";

  private JettyReasons() {}

  /**
   * Jetty's {@code Illegal character SPACE=' '} (a space in a header's name), {@code EOL=0xa} (a header line without
   * its colon), {@code CNTL=0x1}, {@code HTAB=0x9}: which character, and what a header line is.
   */
  private static String illegalCharacter(String token) {
    int equals = token.indexOf('=');
    String kind = equals < 0 ? token : token.substring(0, equals);
    String value = equals < 0 ? "" : token.substring(equals + 1);
    String character = switch (kind) {
      case "SPACE" -> "a space";
      case "HTAB" -> "a tab";
      case "EOL", "LF", "CR" -> "a line end";
      case "CNTL" -> "the control character " + value;
      default -> "the character " + (value.isEmpty() ? kind : value);
    };
    // Jetty gives the same reason for a control character in the method of the request line: the message names both
    return "the request line or a header holds " + character + " where HTTP does not allow one; a header is one line"
        + " of its name, a colon and its value, the name made of letters, digits and ! # $ % & ' * + - . ^ _ ` | ~"
        + " only, and no control character but a tab may stand in a value";
  }

  /** What was wrong and what is allowed, for a reason Jetty gives; null for one it does not know. */
  static String explain(String reason) {
    if (reason == null) {
      return null;
    }
    String explained = EXPLAINED.get(reason.strip());
    if (explained != null) {
      return explained;
    }
    if (reason.startsWith(UNSERVED_SCHEME)) {
      String scheme = ProblemErrorHandler.reason(reason.substring(UNSERVED_SCHEME.length()).strip());
      return "the request target names a URL of the scheme '" + scheme.toLowerCase(java.util.Locale.ROOT) + "', and"
          + " this server serves http and https URLs only; send the path alone as the target, or an http URL";
    }
    if (reason.startsWith(ILLEGAL_CHARACTER)) {
      return illegalCharacter(reason.substring(ILLEGAL_CHARACTER.length()).strip());
    }
    // Jetty joins the reasons of a character that fails two checks ("Suspicious Path Character, Illegal Path
    // Character" for a backslash): the first says what is wrong with it
    for (String part : reason.split(",")) {
      explained = EXPLAINED.get(part.strip());
      if (explained != null) {
        return explained;
      }
    }
    return null;
  }
}
