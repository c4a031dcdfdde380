package dev.scribe.controller.internal.request;

import dev.scribe.controller.ActionResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Method names are case-sensitive (RFC 9110, section 9.1): {@code get} is not {@code GET}, so every route
 * answers it as a method it does not serve, a 405 with {@code Allow}. This adds to that answer the method the
 * client most likely meant, since a 405 listing GET to a client that thinks it sent GET says nothing.
 */
public final class MethodCase {
  private static final Set<String> STANDARD = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private MethodCase() {}

  /** {@code response}, with the hint added when it is a 405 to a standard method written in another case. */
  public static ActionResponse hinted(String method, ActionResponse response) {
    String upper = method.toUpperCase(Locale.ROOT);
    if (response.status() != 405 || upper.equals(method) || !STANDARD.contains(upper)
        || !(response.body() instanceof Map)) {
      return response;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    ((Map<?, ?>) response.body()).forEach((key, value) -> body.put(String.valueOf(key), value));
    String detail = body.get("detail") + "; method names are case-sensitive: " + upper + " is written in capitals";
    body.put("detail", detail);
    if (!(body.get("message") instanceof List)) {
      body.put("message", detail);
    }
    return ActionResponse.problem(405, body).withHeaders(response.headers());
  }

  /** The hint alone, for routes that write their 405 themselves (the console). */
  public static String hint(String method) {
    String upper = method.toUpperCase(Locale.ROOT);
    return upper.equals(method) || !STANDARD.contains(upper) ? ""
        : "; method names are case-sensitive: " + upper + " is written in capitals";
  }
}
