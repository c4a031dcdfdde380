package dev.scribe.controller.internal.request;

import dev.scribe.core.internal.Words;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.core.ArgsContractException;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Options;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code createNext}, {@code updateNext} and {@code deleteNext} options: where {@code Location} sends
 * the client after a store, an update or a destroy. A value is {@code false} (the default: the record's
 * own URL after a store, no {@code Location} after an update or a destroy), {@code true} (the collection,
 * to create the next record) or a URL template in which {@code [id]} stands for the record's id, such as
 * {@code "/tasks/[id]/subtasks"}. A template starting with {@code /} is relative to where the
 * application is mounted; {@code http://} and {@code https://} templates are used as they are.
 *
 * <p>Values are checked ({@link OptionChecks}) when a controller is configured and when the application is built: a value of
 * another type, a template with another placeholder or one that is not a URL is a
 * {@link ConfigurationException} naming the option and the path, never a failure after the write.
 */
public final class NextUrls {
  static final List<String> OPTIONS = List.of(ControllerOptions.CREATE_NEXT.name(),
      ControllerOptions.UPDATE_NEXT.name(), ControllerOptions.DELETE_NEXT.name());
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[([^\\]]*)\\]");
  private static final String ID = "[id]";

  private NextUrls() {}

  /** Checks the next-URL values of one set of options; {@code where} names the controller and the path. */
  static void check(Options options, String where) {
    for (String option : OPTIONS) {
      if (options.has(option)) {
        check(option, options.get(option), where);
      }
    }
  }

  private static void check(String option, Object value, String where) {
    if (value == null || value instanceof Boolean) {
      return;
    }
    if (!(value instanceof String)) {
      throw new ConfigurationException("option '" + option + "' of " + where + " is of type " + value.getClass().getSimpleName()
          + " (" + value + "); give true, false or a URL template such as \"/tasks/[id]/subtasks\"");
    }
    String template = (String) value;
    if (!template.startsWith("/") && !template.startsWith("http://") && !template.startsWith("https://")) {
      throw new ConfigurationException("option '" + option + "' of " + where + " is \"" + template
          + "\", which is not a URL template; start it with '/' (relative to the application) or http(s)://");
    }
    if (template.startsWith("//") || template.startsWith("/\\")) {
      // a browser reads //host/path as another host, not as a path of this application
      throw new ConfigurationException("option '" + option + "' of " + where + " is \"" + template
          + "\", which a client reads as a URL of another host; start it with a single '/' (relative to the"
          + " application), or give the whole URL with http(s)://");
    }
    Matcher placeholders = PLACEHOLDER.matcher(template);
    while (placeholders.find()) {
      if (!placeholders.group().equals(ID)) {
        throw new ConfigurationException("option '" + option + "' of " + where + " has the placeholder "
            + placeholders.group() + " in \"" + template + "\"; the only placeholder is [id], the record's id");
      }
    }
    String sample = template.replace(ID, "1");
    if (sample.indexOf('[') >= 0 || sample.indexOf(']') >= 0) {
      throw new ConfigurationException("option '" + option + "' of " + where + " has an unbalanced bracket in \""
          + template + "\"; the only placeholder is [id]");
    }
    try {
      new URI(sample);
    } catch (URISyntaxException e) {
      throw new ConfigurationException("option '" + option + "' of " + where + " is not a valid URL template: \""
          + template + "\" (" + e.getReason() + ")");
    }
  }

  /**
   * {@code value} as one URL path segment: percent-encoded as UTF-8, a space as {@code %20} (a {@code +} in a path
   * is a plus), so that an id such as {@code a b}, {@code a/b} or {@code a?b} names its own record.
   */
  public static String segment(Object value) {
    return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * The {@code Location} after {@code action} on the record {@code id}, or null when the option asks for
   * none. {@code collectionUri} is the collection's URL as the client addressed it and {@code collectionPath}
   * the same path without the application's mount prefix.
   */
  public static String location(Options options, String option, Object id, String collectionUri, String collectionPath,
      String ownUri) {
    Object value = options.get(option);
    if (value == null || Boolean.FALSE.equals(value)) {
      return ownUri;
    }
    if (Boolean.TRUE.equals(value)) {
      return collectionUri;
    }
    if (!(value instanceof String)) {
      // A handler put something else into the options of this call; the configured values were checked.
      throw new ArgsContractException(EventArgs.CONFIG, "option '" + option + "' became " + Words.withArticle(value.getClass().getName())
          + " during the call; it must stay true, false or a URL template");
    }
    String filled = ((String) value).replace(ID, segment(id));
    if (!filled.startsWith("/")) {
      return filled;
    }
    String base = collectionUri.endsWith(collectionPath)
        ? collectionUri.substring(0, collectionUri.length() - collectionPath.length()) : "";
    return base + filled;
  }
}
