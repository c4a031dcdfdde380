package dev.scribe.controller.internal.console;

import dev.scribe.core.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console page and the Content-Security-Policy it is served with. The page keeps its script and style
 * inline (one file, nothing to fetch); the policy allows exactly those two by their SHA-256 hashes, and
 * nothing else: no other script, no inline handler, no external font or image, no framing. So a value the
 * page shows that would slip past its escaping still cannot run, and the sign-in form cannot be framed.
 */
final class ConsolePage {
  private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
  private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

  private final byte[] bytes;
  private final String policy;

  ConsolePage(String resource, byte[] bytes) {
    this.bytes = bytes;
    String html = new String(bytes, StandardCharsets.UTF_8);
    this.policy = "default-src 'none'; script-src '" + hash(resource, html, SCRIPT, "<script>") + "'; style-src '"
        + hash(resource, html, STYLE, "<style>") + "'; connect-src 'self'; img-src data: blob:; base-uri 'none';"
        + " form-action 'none'; frame-ancestors 'none'";
  }

  byte[] bytes() {
    return bytes;
  }

  String policy() {
    return policy;
  }

  private static String hash(String resource, String html, Pattern element, String tag) {
    Matcher matcher = element.matcher(html);
    if (!matcher.find()) {
      throw new ConfigurationException("the console page " + resource + " has no " + tag + " element;"
          + " scribe-controller's jar is damaged");
    }
    String content = matcher.group(1);
    if (matcher.find()) {
      throw new ConfigurationException("the console page " + resource + " has more than one " + tag + " element;"
          + " its Content-Security-Policy allows one of each");
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
