package dev.scribe.testing;

import dev.scribe.core.Scribe;
import dev.scribe.core.UsageException;
import dev.scribe.repository.DataStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link ScribeTest}: it gives test and lifecycle methods a real H2 in-memory
 * {@link DataStore} (with its {@link Scribe}), an {@link EventRecorder} and a {@link TestServer} as parameters.
 *
 * <p>Contract:
 * <ul>
 *   <li>the store is created on first use, on a database of its own, and closed (schema dropped, database
 *       shut down) after the class, or after each test with {@link Fresh#STORE_PER_TEST}; with
 *       {@link Fresh#ROWS_PER_TEST} (the default) every table is emptied after each test;</li>
 *   <li>an {@code EventRecorder} parameter records every event of every tier of the store's Scribe, from the
 *       moment it is resolved until the end of the test (or of the class, for a {@code @BeforeAll}
 *       parameter); a {@code TestServer} parameter is not started ({@link TestServer#start}) and is stopped
 *       at the same moment;</li>
 *   <li>asking for the store in {@code @BeforeAll} when it is fresh per test is a {@link UsageException}.</li>
 * </ul>
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ScribeExtension SCRIBE = ScribeExtension.builder()
 *     .entities(Task.class)
 *     .scribe(builder -> builder.trace(true).handler("trim", args -> ...))
 *     .store(builder -> builder.poolSize(4))
 *     .build();
 * }</pre>
 */
public final class ScribeExtension implements AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ScribeExtension.class);
  private static final List<Class<?>> RESOLVED = List.of(Scribe.class, DataStore.class, EventRecorder.class,
      TestServer.class);

  private final Settings given;

  /** The extension as {@link ScribeTest} registers it: its settings come from the annotation. */
  public ScribeExtension() {
    this(null);
  }

  private ScribeExtension(Settings settings) {
    this.given = settings;
  }

  /** Starts configuring an extension to register with {@code @RegisterExtension static}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == TestServer.class) {
      return keep(context, new TestServer());
    }
    TestStore testStore = testStore(context);
    if (type == Scribe.class) {
      return testStore.scribe;
    }
    if (type == DataStore.class) {
      return testStore.store;
    }
    return keep(context, EventRecorder.record(testStore.scribe));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (settings(context).fresh == Fresh.ROWS_PER_TEST) {
      TestStore shared = context.getStore(NAMESPACE).get(TestStore.class, TestStore.class);
      if (shared != null) {
        shared.emptyTables();
      }
    }
  }

  /** Puts {@code resource} into the context's store, which closes it when the context ends. */
  private static <T extends AutoCloseable> T keep(ExtensionContext context, T resource) {
    context.getStore(NAMESPACE).put(new Object(), resource);
    return resource;
  }

  private TestStore testStore(ExtensionContext context) {
    Settings settings = settings(context);
    boolean perTest = settings.fresh == Fresh.STORE_PER_TEST;
    ExtensionContext owner = perTest ? context : classContext(context);
    if (perTest && context.getTestMethod().isEmpty()) {
      throw new UsageException("the data store is fresh per test (Fresh.STORE_PER_TEST), so "
          + context.getRequiredTestClass().getSimpleName() + " cannot have it in @BeforeAll; take it as a parameter of "
          + "@BeforeEach or of the test, or choose Fresh.ROWS_PER_TEST");
    }
    String label = context.getRequiredTestClass().getSimpleName();
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(TestStore.class,
        key -> new TestStore(label, settings.entities, settings.scribeOptions, settings.storeOptions), TestStore.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private Settings settings(ExtensionContext context) {
    if (given != null) {
      return given;
    }
    Class<?> testClass = context.getRequiredTestClass();
    Optional<ScribeTest> annotation = Optional.empty();
    for (Class<?> type = testClass; type != null && annotation.isEmpty(); type = type.getEnclosingClass()) {
      annotation = AnnotationSupport.findAnnotation(type, ScribeTest.class);
    }
    ScribeTest test = annotation.orElseThrow(() -> new UsageException(testClass.getSimpleName()
        + " uses ScribeExtension without @ScribeTest; annotate the class with @ScribeTest(entities = ...) or register "
        + "ScribeExtension.builder()...build() with @RegisterExtension"));
    if (test.entities().length == 0) {
      throw new UsageException("@ScribeTest(entities = {}) on " + testClass.getSimpleName() + " names no entity class;"
          + " a ScribeExtension needs the entity classes of its store: @ScribeTest(entities = Task.class)");
    }
    boolean trace = test.trace();
    return new Settings(test.entities(), test.fresh(), builder -> builder.trace(trace), UnaryOperator.identity());
  }

  private record Settings(Class<?>[] entities, Fresh fresh, UnaryOperator<Scribe.Builder> scribeOptions,
      UnaryOperator<DataStore.Builder> storeOptions) {}

  /** Collects the entities, freshness and builder options of a {@link ScribeExtension}. */
  public static final class Builder {
    private Class<?>[] entities = new Class<?>[0];
    private Fresh fresh = Fresh.ROWS_PER_TEST;
    private UnaryOperator<Scribe.Builder> scribeOptions = builder -> builder.trace(true);
    private UnaryOperator<DataStore.Builder> storeOptions = UnaryOperator.identity();

    private Builder() {}

    /** The entity classes of the store. */
    public Builder entities(Class<?>... types) {
      if (types == null) {
        throw new UsageException("ScribeExtension.builder().entities(null): pass the entity classes of the store, e.g."
            + " entities(Task.class)");
      }
      if (Arrays.asList(types).contains(null)) {
        throw new UsageException("ScribeExtension.builder().entities(" + Arrays.toString(types) + "): an entity class is"
            + " null; pass the entity classes of the store, e.g. entities(Task.class)");
      }
      this.entities = types.clone();
      return this;
    }

    /** How fresh the store is for each test; {@link Fresh#ROWS_PER_TEST} by default. */
    public Builder fresh(Fresh freshness) {
      if (freshness == null) {
        throw new UsageException("ScribeExtension.builder().fresh(null): pass how fresh the store is for each test, e.g."
            + " Fresh.STORE_PER_TEST");
      }
      this.fresh = freshness;
      return this;
    }

    /** Configures the application's {@code Scribe.builder()} (tracing is on unless this turns it off). */
    public Builder scribe(UnaryOperator<Scribe.Builder> options) {
      if (options == null) {
        throw new UsageException("ScribeExtension.builder().scribe(null): pass the options of Scribe.builder(), e.g."
            + " builder -> builder.handler(\"trim\", ...)");
      }
      UnaryOperator<Scribe.Builder> given = options;
      this.scribeOptions = builder -> given.apply(builder.trace(true));
      return this;
    }

    /** Configures the {@code DataStore.builder(scribe)}, after the extension set its H2 URL and entities. */
    public Builder store(UnaryOperator<DataStore.Builder> options) {
      if (options == null) {
        throw new UsageException("ScribeExtension.builder().store(null): pass the options of DataStore.builder(...), e.g."
            + " builder -> builder.poolSize(2)");
      }
      this.storeOptions = options;
      return this;
    }

    /** The extension; register it with {@code @RegisterExtension static}. */
    public ScribeExtension build() {
      if (entities.length == 0) {
        throw new UsageException("a ScribeExtension needs the entity classes of its store: .entities(Task.class, ...)");
      }
      return new ScribeExtension(new Settings(entities, fresh, scribeOptions, storeOptions));
    }
  }
}
