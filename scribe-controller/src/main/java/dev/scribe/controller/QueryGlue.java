package dev.scribe.controller;

import dev.scribe.core.Options;
import dev.scribe.core.Veto;
import dev.scribe.repository.Query;
import java.util.Map;

/**
 * Turns the raw query map, as the {@code onPreIndex} handlers left it, into a repository {@link Query}
 * and applies the controller's page-size options: {@code defaultPageSize} when no size is asked for,
 * a 400 above {@code maxPageSize}.
 */
final class QueryGlue {
  private QueryGlue() {}

  static Query parse(Map<String, Object> raw, Options options, String path) {
    if (raw == null) {
      throw new IllegalStateException("a handler removed 'query' from the args of " + path);
    }
    int max = options.integer("maxPageSize", 100);
    int defaultSize = Math.min(options.integer("defaultPageSize", 20), max);
    Query query = Query.fromParams(raw);
    if (raw.get("size") == null) {
      query.size(defaultSize);
    } else if (query.size() > max) {
      throw new Veto(400, "size " + query.size() + " is larger than the maximum page size of " + path
          + "; ask for at most " + max);
    }
    return query;
  }
}
