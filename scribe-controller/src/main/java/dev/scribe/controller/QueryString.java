package dev.scribe.controller;

import dev.scribe.core.Veto;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a raw query string into the mutable map handlers see as {@code query}: each key to its value,
 * or to a list of values when the key repeats. Parsed here rather than through the servlet API so
 * that a form-encoded body is never read as parameters.
 */
final class QueryString {
  private QueryString() {}

  static Map<String, Object> parse(String raw) {
    Map<String, Object> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      add(params, key, value);
    }
    return params;
  }

  @SuppressWarnings("unchecked")
  static void add(Map<String, Object> params, String key, String value) {
    Object existing = params.get(key);
    if (existing == null) {
      params.put(key, value);
    } else if (existing instanceof List) {
      ((List<Object>) existing).add(value);
    } else {
      List<Object> values = new ArrayList<>();
      values.add(existing);
      values.add(value);
      params.put(key, values);
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Veto(400, "the query string part '" + text + "' is not correctly URL-encoded: " + e.getMessage());
    }
  }
}
