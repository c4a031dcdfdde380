package dev.scribe.core.internal.bindings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.Event;
import dev.scribe.core.EventHandler;
import dev.scribe.core.PathGlob;
import dev.scribe.core.Tier;
import dev.scribe.core.internal.CoreAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A binding file: context-path glob to event to an ordered list of named handlers.
 *
 * <pre>
 * {
 *   "tasks.**": { "preCreate": ["trimTitle", "stampOwner"] },
 *   "admin.**": { "onPostIndex": ["countAdminViews"] }
 * }
 * </pre>
 * The same structure in YAML when the file name ends in {@code .yaml} or {@code .yml}. A key given
 * twice is an error, not a silent override. A file read is then resolved as a whole against the tiers
 * and the named handlers of the application ({@link #resolve}), each error naming the file, path and name.
 */
public final class Bindings {
  private static final CoreAccess CORE = CoreAccess.get();

  /** One handler name bound to one event for one path glob; {@code source} names the file. */
  public record Binding(String source, String pathGlob, String event, String handlerName) {}

  /** Jackson's "[Source: ...; line: 1, column: 1]" inside a message, shortened to the location. */
  private static final Pattern SOURCE_LOCATION = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

  private Bindings() {}

  public static List<Binding> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException("binding file " + file + " does not exist or is not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(file.toString(), in);
    } catch (IOException e) {
      throw new ConfigurationException("binding file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  public static List<Binding> read(String source, InputStream in) {
    boolean yaml = source.endsWith(".yaml") || source.endsWith(".yml");
    ObjectMapper mapper = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper())
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        // else what follows the first object (a second object, a second YAML document) is dropped without a word
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    JsonNode root;
    try {
      root = mapper.readTree(in);
    } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
      JsonLocation at = e.getLocation();
      if (e.getOriginalMessage().startsWith("Trailing token")) {
        throw new ConfigurationException("binding file " + source + " has more after its " + (yaml ? "first document" : "object")
            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
            + ", which would be ignored; put every context path in one " + (yaml ? "YAML document" : "JSON object")
            + " (or the rest in a second binding file)", e);
      }
      throw invalid(source, yaml, e);
    } catch (JsonProcessingException e) {
      throw invalid(source, yaml, e);
    } catch (IOException e) {
      throw new ConfigurationException("binding file " + source + " cannot be read: " + e.getMessage(), e);
    }
    return bindingsOf(source, root);
  }

  private static ConfigurationException invalid(String source, boolean yaml, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new ConfigurationException("binding file " + source + " is not valid " + (yaml ? "YAML" : "JSON")
        + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
        + SOURCE_LOCATION.matcher(e.getOriginalMessage()).replaceAll("line $1, column $2"), e);
  }

  private static List<Binding> bindingsOf(String source, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("binding file " + source
          + " must be an object mapping a context path to an object of event -> [handler names], found "
          + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType()));
    }
    List<Binding> bindings = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : root.properties()) {
      try {
        PathGlob.of(path.getKey());
      } catch (ConfigurationException e) {
        throw new ConfigurationException("binding file " + source + ": " + e.getMessage(), e);
      }
      if (!path.getValue().isObject()) {
        throw new ConfigurationException("binding file " + source + ", path '" + path.getKey()
            + "': expected an object of event -> [handler names], found " + path.getValue().getNodeType());
      }
      for (Map.Entry<String, JsonNode> event : path.getValue().properties()) {
        JsonNode names = event.getValue();
        if (names.isTextual()) {
          bindings.add(new Binding(source, path.getKey(), event.getKey(), names.asText()));
          continue;
        }
        if (!names.isArray()) {
          throw new ConfigurationException("binding file " + source + ", path '" + path.getKey() + "', event '"
              + event.getKey() + "': expected a list of handler names, found " + names.getNodeType());
        }
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (JsonNode name : names) {
          if (!name.isTextual() || name.asText().isBlank()) {
            throw new ConfigurationException("binding file " + source + ", path '" + path.getKey() + "', event '"
                + event.getKey() + "': handler names must be non-empty strings, found " + name);
          }
          // a handler bound twice to one event and path runs once, so a repeat is a slip (another name meant)
          if (!listed.add(name.asText())) {
            throw new ConfigurationException("binding file " + source + ", path '" + path.getKey() + "', event '"
                + event.getKey() + "': handler '" + name.asText() + "' is listed twice; list each handler once (it"
                + " runs once per event)");
          }
          bindings.add(new Binding(source, path.getKey(), event.getKey(), name.asText()));
        }
      }
    }
    return bindings;
  }

  /** Reads a binding file from the class path. */
  public static List<Binding> readResource(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    // "/bindings.json" is how Class.getResource names the same file; a class loader finds nothing under it
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    try (InputStream in = (loader != null ? loader : Bindings.class.getClassLoader()).getResourceAsStream(name)) {
      if (in == null) {
        throw new ConfigurationException("binding file " + resource + " is not on the class path");
      }
      return read(resource, in);
    } catch (IOException e) {
      throw new ConfigurationException("binding file " + resource + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * A binding checked against the tiers and the named handlers: the event and the handler it attaches; or, for an
   * event an owner of {@code ownerTier} declares itself (a controller's custom action's), no event yet and the
   * {@code ownerEvent} name that {@link AwaitedBindings} binds once an owner declares it.
   */
  public record Resolved(Event event, String handlerName, EventHandler handler, String pathGlob, Tier ownerTier,
      String ownerEvent, Binding binding) {}

  /**
   * Checks every binding of a file against the known {@code tiers} and the named {@code handlers} before
   * any is attached, so that a file with an error attaches nothing; {@code noSuchHandler} says why a name
   * cannot be bound and how to fix it.
   */
  public static List<Resolved> resolve(List<Binding> bindings, Map<String, Tier> tiers, Map<String, EventHandler> handlers,
      Function<String, String> noSuchHandler) {
    List<Resolved> resolved = new ArrayList<>();
    for (Binding binding : bindings) {
      Tier ownerTier = ownerTierOf(binding, tiers);
      Event event = ownerTier == null ? eventOf(binding, tiers) : null;
      EventHandler handler = handlers.get(binding.handlerName());
      if (handler == null) {
        throw new ConfigurationException("binding file " + binding.source() + ", path '" + binding.pathGlob()
            + "', event '" + binding.event() + "': " + noSuchHandler.apply(binding.handlerName()));
      }
      String ownerEvent = ownerTier == null ? null : unqualified(binding.event());
      resolved.add(new Resolved(event, binding.handlerName(), handler, binding.pathGlob(), ownerTier, ownerEvent, binding));
    }
    return resolved;
  }

  private static String unqualified(String name) {
    return name.substring(name.indexOf('.') + 1);
  }

  /**
   * The tier whose owners declare the event the binding names ({@code onPostComplete}, {@code controller.onPostComplete}),
   * or null: the name is no event of a tier, is shaped like the events that tier's owners declare, and is not a slip
   * for an event of any tier (that stays an error, with the suggestion).
   */
  private static Tier ownerTierOf(Binding binding, Map<String, Tier> tiers) {
    String name = binding.event();
    int dot = name.indexOf('.');
    List<Tier> candidates = dot >= 0 ? (tiers.containsKey(name.substring(0, dot)) ? List.of(tiers.get(name.substring(0, dot)))
        : List.of()) : List.copyOf(tiers.values());
    String eventName = unqualified(name);
    Tier owner = null;
    for (Tier tier : candidates) {
      if (tier.find(eventName).isPresent() || slipFor(tier, eventName)) {
        return null;
      }
      if (owner == null && tier.ownerMayDeclare(eventName)) {
        owner = tier;
      }
    }
    return owner;
  }

  /**
   * True when {@code name} is at most two edits from an event of the tier: a slip for it ({@code onPostStroe}), not
   * an event of an owner's own ({@code onPreComplete} is four edits from {@code onPreDelete}).
   */
  private static boolean slipFor(Tier tier, String name) {
    for (String event : tier.eventNames()) {
      if (dev.scribe.core.internal.scan.EditDistance.between(name.toLowerCase(java.util.Locale.ROOT),
          event.toLowerCase(java.util.Locale.ROOT)) <= 2) {
        return true;
      }
    }
    return false;
  }

  /** The event a binding names: {@code preCreate}, or {@code repository.preCreate} where several tiers have it. */
  private static Event eventOf(Binding binding, Map<String, Tier> tiers) {
    String where = "binding file " + binding.source() + ", path '" + binding.pathGlob() + "': ";
    String name = binding.event();
    int dot = name.indexOf('.');
    if (dot >= 0) {
      Tier tier = tiers.get(name.substring(0, dot));
      if (tier == null) {
        throw new ConfigurationException(where + "'" + name + "' names the tier '" + name.substring(0, dot)
            + "', which is unknown; known tiers: " + tiers.keySet());
      }
      String eventName = name.substring(dot + 1);
      return tier.find(eventName).orElseThrow(() -> new ConfigurationException(where + CORE.noSuchEvent(tier, eventName)));
    }
    List<Event> candidates = new ArrayList<>();
    for (Tier tier : tiers.values()) {
      tier.find(name).ifPresent(candidates::add);
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.size() > 1) {
      List<String> qualified = new ArrayList<>();
      for (Event event : candidates) {
        qualified.add(event.toString());
      }
      throw new ConfigurationException(where + "'" + name + "' is an event of several tiers; qualify it as one of "
          + qualified);
    }
    String suggestion = "";
    for (Tier tier : tiers.values()) {
      String closest = CORE.closest(tier, name);
      if (closest != null) {
        suggestion = " (did you mean " + closest + "?)";
        break;
      }
    }
    throw new ConfigurationException(where + "'" + name + "' is not an event of any tier" + suggestion
        + "; known tiers: " + tiers.keySet());
  }
}
