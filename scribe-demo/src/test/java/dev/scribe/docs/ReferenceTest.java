package dev.scribe.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scribe.controller.AuthController;
import dev.scribe.controller.AuthTier;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.ControllerTier;
import dev.scribe.core.EventArgs;
import dev.scribe.core.Tier;
import dev.scribe.entity.EntityTier;
import dev.scribe.core.Option;
import dev.scribe.repository.RepositoryOptions;
import dev.scribe.repository.RepositoryTier;
import dev.scribe.repository.RowScope;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference.md} names every event of every tier, every args key {@link EventArgs} and the tiers define
 * with the class that owns it, every controller option and every {@link RepositoryOptions} option with its default,
 * and every public type of every module.
 */
class ReferenceTest {
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "(?m)^public (?:(?:final|abstract|sealed|non-sealed) )*(?:class|interface|record|enum|@interface) (\\w+)");

  /** The classes whose public String constants are args keys: the shared keys, then each tier's own. */
  private static final List<Class<?>> KEY_OWNERS =
      List.of(EventArgs.class, RepositoryTier.class, ControllerTier.class, AuthTier.class, EntityTier.class);

  private static Path root;
  private static String reference;

  @BeforeAll
  static void read() throws IOException {
    root = DocsRoot.find();
    reference = Files.readString(root.resolve("docs/reference.md"));
  }

  @Test
  void everyEventOfEveryTier() {
    List<String> missing = new ArrayList<>();
    for (Tier tier : List.of(ControllerTier.TIER, AuthTier.TIER, RepositoryTier.TIER, EntityTier.TIER)) {
      tier.eventNames().stream().filter(event -> !named(event)).map(event -> tier.name() + "." + event).forEach(missing::add);
    }
    assertThat(missing).as("events that docs/reference.md does not name (add them to its Events section)").isEmpty();
  }

  @Test
  void everyArgsKey() throws IllegalAccessException {
    List<String> missing = new ArrayList<>();
    for (Class<?> owner : KEY_OWNERS) {
      for (Field field : owner.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !named((String) field.get(null))) {
          missing.add(owner.getSimpleName() + "." + field.getName() + " = " + field.get(null));
        }
      }
    }
    if (!named(RowScope.ARGS_KEY)) {
      missing.add("RowScope.ARGS_KEY = " + RowScope.ARGS_KEY);
    }
    assertThat(missing).as("args keys that docs/reference.md does not name (add them to its Args keys section)").isEmpty();
  }

  @Test
  void everyArgsKeyWithTheClassThatOwnsIt() throws IllegalAccessException {
    List<String> wrong = new ArrayList<>();
    for (Class<?> owner : KEY_OWNERS) {
      for (Field field : owner.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
            && !field.isAnnotationPresent(Deprecated.class) && !isEventName(field.get(null))
            && !ownedInReference(owner, field)) {
          wrong.add(owner.getSimpleName() + "." + field.getName() + " = " + field.get(null));
        }
      }
    }
    assertThat(wrong).as("args keys whose row in docs/reference.md does not name the class that owns them").isEmpty();
  }

  @Test
  void everyDeprecatedArgsKeyIsTheKeyOfTheConstantItAliases() throws IllegalAccessException {
    List<String> wrong = new ArrayList<>();
    wrong.addAll(wrongAliases(EventArgs.class, ControllerTier.class, EntityTier.class));
    wrong.addAll(wrongAliases(AuthController.class, AuthTier.class));
    assertThat(wrong).as("deprecated args keys that are not the key of the tier constant of the same name").isEmpty();
  }

  /** The deprecated String constants of {@code aliases} whose value is not that of the same name in one of {@code owners}. */
  private static List<String> wrongAliases(Class<?> aliases, Class<?>... owners) throws IllegalAccessException {
    List<String> wrong = new ArrayList<>();
    for (Field field : aliases.getFields()) {
      if (field.getType() != String.class || !field.isAnnotationPresent(Deprecated.class)) {
        continue;
      }
      Object owned = null;
      for (Class<?> owner : owners) {
        try {
          owned = owner.getField(field.getName()).get(null);
        } catch (NoSuchFieldException notThere) {
          // another owner has it
        }
      }
      if (!field.get(null).equals(owned)) {
        wrong.add(aliases.getSimpleName() + "." + field.getName() + " = " + field.get(null) + ", the owner's is " + owned);
      }
    }
    return wrong;
  }

  /** A constant such as {@code RepositoryTier.SCOPE_QUERY_NAME} names an event, not an args key. */
  private static boolean isEventName(Object value) {
    return List.of(ControllerTier.TIER, AuthTier.TIER, RepositoryTier.TIER, EntityTier.TIER).stream()
        .anyMatch(tier -> tier.eventNames().contains(value));
  }

  /**
   * The reference names {@code Owner.FIELD}, or a row about the key lists the constant in a cell that starts with
   * {@code Owner.} (as in {@code `ControllerTier.COLUMNS`, `ROWS`}).
   */
  private static boolean ownedInReference(Class<?> owner, Field field) throws IllegalAccessException {
    String owned = "`" + owner.getSimpleName() + ".";
    if (reference.contains(owned + field.getName() + "`")) {
      return true;
    }
    String key = "`" + field.get(null) + "`";
    String constant = "`" + field.getName() + "`";
    return reference.lines().filter(line -> line.startsWith("| ")).map(line -> line.split("\\|"))
        .filter(cells -> cells.length > 3)
        .anyMatch(cells -> cells[1].contains(key) && cells[2].strip().startsWith(owned) && cells[2].contains(constant));
  }

  @Test
  void everyControllerOptionWithItsDefault() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Object> option : Controller.DEFAULT_OPTIONS.entrySet()) {
      String row = row(option.getKey());
      if (row == null) {
        wrong.add(option.getKey() + ": no row in the table of controller options");
        continue;
      }
      String[] cells = row.split("\\|");
      String shown = cells.length > 2 ? cells[2].replace(",", "").strip() : "";
      String expected = option.getValue() instanceof Collection && ((Collection<?>) option.getValue()).isEmpty()
          ? "none" : String.valueOf(option.getValue());
      if (!shown.contains(expected)) {
        wrong.add(option.getKey() + ": the default is " + expected + ", the table says '" + cells[2].strip() + "'");
      }
    }
    assertThat(wrong).as("controller options in docs/reference.md").isEmpty();
  }

  @Test
  void everyRepositoryOptionWithItsDefault() throws IllegalAccessException {
    assertThat(wrongDefaults(RepositoryOptions.class, "### Repository ("))
        .as("repository options (RepositoryOptions) in docs/reference.md").isEmpty();
  }

  @Test
  void everyControllerOptionConstantWithItsDefault() throws IllegalAccessException {
    assertThat(wrongDefaults(ControllerOptions.class, "### Controller ("))
        .as("controller options (ControllerOptions) in docs/reference.md").isEmpty();
  }

  /** The {@link Option} constants of {@code owner} whose default the table under {@code heading} does not show. */
  private static List<String> wrongDefaults(Class<?> owner, String heading) throws IllegalAccessException {
    String table = reference.substring(reference.indexOf(heading));
    table = table.substring(0, table.indexOf("\n### ", 1));
    List<String> wrong = new ArrayList<>();
    for (Field field : owner.getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != Option.class) {
        continue;
      }
      Option<?> option = (Option<?>) field.get(null);
      String row = row(table, option.name());
      if (row == null) {
        wrong.add(option.name() + ": no row in the table");
        continue;
      }
      String[] cells = row.split("\\|");
      String shown = cells.length > 2 ? cells[2].replace(",", "").strip() : "";
      Object value = option.defaultValue();
      boolean matches;
      if (value == null || value instanceof Collection && ((Collection<?>) value).isEmpty()) {
        matches = shown.equals("none") || shown.equals("any");
      } else if (value instanceof Number && ((Number) value).longValue() >= 1 << 20
          && ((Number) value).longValue() % (1 << 20) == 0) {
        matches = shown.equals((((Number) value).longValue() >> 20) + " MiB");
      } else {
        matches = shown.equals(String.valueOf(value));
      }
      if (!matches) {
        wrong.add(option.name() + ": the default is " + value + ", the table says '" + shown + "'");
      }
    }
    return wrong;
  }

  @Test
  void everyPublicTypeOfEveryModule() throws IOException {
    List<String> missing = new ArrayList<>();
    List<Path> modules;
    try (Stream<Path> dirs = Files.list(root)) {
      modules = dirs.filter(dir -> dir.getFileName().toString().startsWith("scribe-"))
          .filter(dir -> !List.of("scribe-demo", "scribe-bench").contains(dir.getFileName().toString()))
          .filter(dir -> Files.isDirectory(dir.resolve("src/main/java"))).sorted().toList();
    }
    for (Path module : modules) {
      try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.toString().replace('\\', '/').contains("/internal/")).sorted().toList()) {
          Matcher type = PUBLIC_TYPE.matcher(Files.readString(file));
          if (type.find() && !named(type.group(1))) {
            missing.add(module.getFileName() + ": " + type.group(1));
          }
        }
      }
    }
    assertThat(missing).as("public types that docs/reference.md does not list (add them to its Public types section)")
        .isEmpty();
  }

  private static boolean named(String name) {
    return reference.contains("`" + name + "`");
  }

  /** The first table row of the reference whose first cell names {@code option}. */
  private static String row(String option) {
    return row(reference, option);
  }

  /** The first table row of {@code text} whose first cell names {@code option}. */
  private static String row(String text, String option) {
    return text.lines().filter(line -> line.startsWith("| ") && line.split("\\|").length > 2
        && line.split("\\|")[1].contains("`" + option + "`")).findFirst().orElse(null);
  }
}
