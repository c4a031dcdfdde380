package dev.scribe.core.internal.trace;

import dev.scribe.core.Change;
import dev.scribe.core.TraceChange;
import java.lang.reflect.Array;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Short, safe renderings of args values for {@link TraceChange}s. Values under secret-looking keys
 * (password, token, secret, authorization, credential, api key) are masked at every level; objects whose
 * class does not override {@code toString} are shown by their class name only, so that rendering never
 * loads lazy associations or prints identity hashes.
 */
public final class TraceValues {
  static final String MASK = "***";
  static final int MAX_LENGTH = 80;
  static final int MAX_CHANGES = 16;
  private static final int MAX_COPIED = 64;
  private static final int MAX_ITEMS = 6;
  /**
   * Found in a key once lower-cased and without spaces, {@code _} and {@code -} ("API key", "api_key" alike).
   * A private key and a passphrase hold none of the other words, so {@code private_key} was shown as sent.
   */
  private static final String[] SECRETS = {"password", "passwd", "pwd", "secret", "token", "jwt", "session",
      "authorization", "credential", "apikey", "cookie", "privatekey", "passphrase"};
  private static final ClassValue<Boolean> OWN_TO_STRING = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("toString").getDeclaringClass() != Object.class;
      } catch (NoSuchMethodException e) {
        return false;
      }
    }
  };

  private TraceValues() {}

  /** True when values under {@code key} are never shown. */
  private static String squeezed(String key) {
    StringBuilder name = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != ' ' && c != '_' && c != '-') {
        name.append(Character.toLowerCase(c));
      }
    }
    return name.toString();
  }

  /**
   * True for a credential however it is padded ({@code " Bearer x"} before a handler strips it): a value
   * masked whatever its key or query parameter is called.
   */
  public static boolean credential(String value) {
    String credential = value.strip();
    return credential.regionMatches(true, 0, "bearer ", 0, 7) || credential.regionMatches(true, 0, "basic ", 0, 6);
  }

  /** True for a key (an args key, a map key, a query parameter's decoded name) whose value is masked. */
  public static boolean secret(Object key) {
    if (!(key instanceof String)) {
      return false;
    }
    String name = squeezed((String) key);
    for (String secret : SECRETS) {
      if (name.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Shallow copies of the args' small maps and collections, taken before a handler runs, so that what it
   * changes inside them can be shown afterwards.
   */
  public static Map<String, Object> copies(Map<String, Object> args) {
    Map<String, Object> copies = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : args.entrySet()) {
      Object value = entry.getValue();
      try {
        if (value instanceof Map && ((Map<?, ?>) value).size() <= MAX_COPIED) {
          copies.put(entry.getKey(), new LinkedHashMap<>((Map<?, ?>) value));
        } else if (value instanceof Collection && ((Collection<?>) value).size() <= MAX_COPIED) {
          copies.put(entry.getKey(), new ArrayList<>((Collection<?>) value));
        }
      } catch (RuntimeException e) {
        // A container that cannot be copied (a lazy collection outside its session) is shown without its old content.
      }
    }
    return copies;
  }

  /** The old and new values of {@code changedKeys}, at most {@value #MAX_CHANGES}. */
  public static List<TraceChange> changes(List<String> changedKeys, Map<String, Object> before, Map<String, Object> copies,
      Map<String, Object> after) {
    List<TraceChange> changes = new ArrayList<>();
    int total = 0;
    for (String key : changedKeys) {
      boolean had = before.containsKey(key);
      boolean has = after.containsKey(key);
      Object old = before.get(key);
      Object now = after.get(key);
      if (secret(key)) {
        total = add(changes, total, key, had ? MASK : null, has ? MASK : null);
      } else if (had && has && old == now) {
        total = inPlace(changes, total, key, copies.get(key), now);
      } else {
        total = add(changes, total, key, had ? render(old) : null, has ? render(now) : null);
      }
    }
    if (total > changes.size()) {
      changes.add(new TraceChange("(" + (total - changes.size()) + " more)", null, null));
    }
    return changes;
  }

  private static int inPlace(List<TraceChange> changes, int total, String key, Object copy, Object now) {
    if (copy instanceof Map && now instanceof Map) {
      Map<?, ?> old = (Map<?, ?>) copy;
      Map<?, ?> current = (Map<?, ?>) now;
      for (Map.Entry<?, ?> entry : current.entrySet()) {
        Object name = entry.getKey();
        boolean had = old.containsKey(name);
        Object before = old.get(name);
        if (!had || (before != entry.getValue() && !safeEquals(before, entry.getValue()))) {
          boolean hidden = secret(name);
          total = add(changes, total, key + "." + name, had ? (hidden ? MASK : render(before)) : null,
              hidden ? MASK : render(entry.getValue()));
        }
      }
      for (Map.Entry<?, ?> entry : old.entrySet()) {
        if (!current.containsKey(entry.getKey())) {
          total = add(changes, total, key + "." + entry.getKey(), secret(entry.getKey()) ? MASK : render(entry.getValue()),
              null);
        }
      }
      return total;
    }
    return add(changes, total, key, copy == null ? "(changed in place)" : render(copy), render(now));
  }

  private static int add(List<TraceChange> changes, int total, String key, String before, String after) {
    if (changes.size() < MAX_CHANGES) {
      changes.add(new TraceChange(key, before, after));
    }
    return total + 1;
  }

  private static boolean safeEquals(Object a, Object b) {
    try {
      return Objects.equals(a, b);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A rendering of at most {@value #MAX_LENGTH} characters. */
  static String render(Object value) {
    StringBuilder text = new StringBuilder();
    try {
      append(text, value, 0);
    } catch (RuntimeException e) {
      text.setLength(0);
      text.append(typeName(value));
    }
    if (text.length() > MAX_LENGTH) {
      int end = MAX_LENGTH - 1;
      // not between the two halves of a character outside the BMP (an emoji): half of one is no text
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      text.setLength(end);
      text.append('…');
    }
    return text.toString();
  }

  /**
   * The string in quotes with its quotes, backslashes and invisible characters escaped as in JSON: a line break
   * or a quote inside a value would otherwise seem to end it and start another, and a direction override
   * (U+202E) or a zero-width mark (Unicode's format characters) would turn or hide the text around it.
   */
  private static void appendQuoted(StringBuilder text, String string) {
    text.append('"');
    for (int i = 0; i < string.length() && text.length() <= MAX_LENGTH; i++) {
      char c = string.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\').append(c);
      } else if (c == '\n') {
        text.append("\\n");
      } else if (c == '\r') {
        text.append("\\r");
      } else if (c == '\t') {
        text.append("\\t");
      } else if (c < 0x20 || c == 0x7F || Character.getType(c) == Character.FORMAT) {
        text.append(String.format("\\u%04X", (int) c));
      } else {
        text.append(c);
      }
    }
    text.append('"');
  }

  private static void append(StringBuilder text, Object value, int level) {
    if (text.length() > MAX_LENGTH) {
      return;
    }
    if (value == null) {
      text.append("null");
    } else if (value instanceof CharSequence) {
      String string = value.toString();
      if (credential(string)) {
        text.append('"').append(MASK).append('"');
      } else {
        appendQuoted(text, string);
      }
    } else if (value instanceof Number || value instanceof Boolean || value instanceof Character
        || value instanceof Enum || value instanceof TemporalAccessor || value instanceof UUID) {
      text.append(value);
    } else if (value instanceof Change) {
      Change change = (Change) value;
      append(text, change.oldValue(), level + 1);
      text.append(" → ");
      append(text, change.newValue(), level + 1);
    } else if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      if (level > 1) {
        text.append("{").append(map.size()).append(map.size() == 1 ? " entry}" : " entries}");
        return;
      }
      text.append('{');
      int n = 0;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (n > 0) {
          text.append(", ");
        }
        if (n++ == MAX_ITEMS || text.length() > MAX_LENGTH) {
          text.append("… ").append(map.size()).append(" entries");
          break;
        }
        text.append(entry.getKey()).append(": ");
        if (secret(entry.getKey())) {
          text.append(MASK);
        } else {
          append(text, entry.getValue(), level + 1);
        }
      }
      text.append('}');
    } else if (value instanceof Collection) {
      Collection<?> collection = (Collection<?>) value;
      items(text, collection.iterator(), collection.size(), level);
    } else if (value.getClass().isArray()) {
      int length = Array.getLength(value);
      List<Object> first = new ArrayList<>();
      for (int i = 0; i < Math.min(length, MAX_ITEMS); i++) {
        first.add(Array.get(value, i));
      }
      items(text, first.iterator(), length, level);
    } else if (OWN_TO_STRING.get(value.getClass())) {
      text.append(value);
    } else {
      text.append(typeName(value));
    }
  }

  private static String typeName(Object value) {
    String name = value.getClass().getName();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static void items(StringBuilder text, Iterator<?> items, int size, int level) {
    if (level > 1) {
      text.append('[').append(size).append(size == 1 ? " item]" : " items]");
      return;
    }
    text.append('[');
    int n = 0;
    while (items.hasNext()) {
      Object item = items.next();
      if (n > 0) {
        text.append(", ");
      }
      if (n++ == MAX_ITEMS || text.length() > MAX_LENGTH) {
        text.append("… ").append(size).append(" items");
        break;
      }
      append(text, item, level + 1);
    }
    text.append(']');
  }
}
