package dev.scribe.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class with {@link ScribeExtension}: a real H2 in-memory data store for the entities
 * named, given to test and lifecycle methods as parameters ({@code Scribe}, {@code DataStore},
 * {@link EventRecorder}, {@link TestServer}).
 *
 * <p>Contract: the annotation configures what an annotation can say (entities, freshness, trace); for a
 * customised {@code Scribe} or {@code DataStore} builder register the extension in a static field instead,
 * with {@link ScribeExtension#builder()}, and leave this annotation out.
 *
 * <pre>{@code
 * @ScribeTest(entities = Note.class)
 * class NoteRepositoryTest {
 *   static NoteRepository notes;
 *
 *   @BeforeAll static void register(DataStore store) { notes = store.register(new NoteRepository()); }
 *
 *   @Test void trimsTitles(EventRecorder events) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ScribeExtension.class)
public @interface ScribeTest {
  /** The entity classes of the store; at least one (none is a {@code UsageException} when the store is asked for). */
  Class<?>[] entities();

  /** How fresh the store is for each test. */
  Fresh fresh() default Fresh.ROWS_PER_TEST;

  /** Whether the application traces handler runs (so an {@link EventRecorder} names the handler that vetoed). */
  boolean trace() default true;
}
