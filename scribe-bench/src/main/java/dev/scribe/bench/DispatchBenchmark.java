package dev.scribe.bench;

import com.google.common.eventbus.EventBus;
import dev.scribe.core.Event;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.Scribe;
import dev.scribe.core.Tier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event dispatch: one {@code preCreate} event to 0, 1 and 5 handlers through an {@link EventManager},
 * against the same handler method called directly and the same handlers subscribed to Guava's
 * {@link EventBus}. Every handler copies {@code params.title} to {@code params.slug} on the map the
 * event carries; each benchmark returns the args so that nothing is dead code.
 *
 * <p>Run: {@code java -jar scribe-bench/target/benchmarks.jar DispatchBenchmark -prof gc}. The ratios
 * to read are scribeOneHandler / directCall, scribeFiveHandlers / directCallFive and
 * guavaOneSubscriber / scribeOneHandler.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DispatchBenchmark {
  static final Tier TIER = Tier.builder("bench").events("preCreate", "postCreate").handlerPrefixes("pre", "post").build();
  static final Event PRE_CREATE = TIER.event("preCreate");

  private final SlugHandler[] handlers = {new SlugHandler(), new SlugHandler(), new SlugHandler(), new SlugHandler(),
      new SlugHandler()};

  private EventArgs args;
  private EventManager none;
  private EventManager one;
  private EventManager five;
  private EventBus guavaOne;
  private EventBus guavaFive;

  @Setup(Level.Trial)
  public void setUp() {
    Map<String, Object> params = new HashMap<>();
    params.put(SlugHandler.TITLE, "Write the benchmark");
    args = EventArgs.builder().self(this).path("tasks.store").put(EventArgs.PARAMS, params).build();

    Scribe scribe = Scribe.builder().discoverTiers(false).build();
    none = scribe.register(TIER, new Object());
    one = scribe.register(TIER, new Object());
    one.subscribe(handlers[0]);
    five = scribe.register(TIER, new Object());
    for (SlugHandler handler : handlers) {
      five.subscribe(handler);
    }

    guavaOne = new EventBus("one");
    guavaOne.register(handlers[0]);
    guavaFive = new EventBus("five");
    for (SlugHandler handler : handlers) {
      guavaFive.register(handler);
    }
    check();
  }

  /** Fails the run early when a variant does not reach its handlers. */
  private void check() {
    for (Runnable variant : new Runnable[] {this::scribeOneHandler, this::scribeFiveHandlers, this::guavaOneSubscriber,
        this::guavaFiveSubscribers}) {
      args.params().remove(SlugHandler.SLUG);
      variant.run();
      if (!"Write the benchmark".equals(args.params().get(SlugHandler.SLUG))) {
        throw new IllegalStateException("a dispatch variant did not run its handler");
      }
    }
    if (none.hasHandlers(PRE_CREATE) || five.handlers("preCreate").size() != 5) {
      throw new IllegalStateException("unexpected handler counts");
    }
  }

  /** The handler method called directly: the baseline for one handler. */
  @Benchmark
  public EventArgs directCall() {
    handlers[0].preCreate(args);
    return args;
  }

  /** Five handler instances called directly: the baseline for five handlers. */
  @Benchmark
  public EventArgs directCallFive() {
    handlers[0].preCreate(args);
    handlers[1].preCreate(args);
    handlers[2].preCreate(args);
    handlers[3].preCreate(args);
    handlers[4].preCreate(args);
    return args;
  }

  /** An event nobody subscribed to. */
  @Benchmark
  public EventArgs scribeNoHandler() {
    return none.fire(PRE_CREATE, args);
  }

  @Benchmark
  public EventArgs scribeOneHandler() {
    return one.fire(PRE_CREATE, args);
  }

  @Benchmark
  public EventArgs scribeFiveHandlers() {
    return five.fire(PRE_CREATE, args);
  }

  @Benchmark
  public EventArgs guavaOneSubscriber() {
    guavaOne.post(args);
    return args;
  }

  @Benchmark
  public EventArgs guavaFiveSubscribers() {
    guavaFive.post(args);
    return args;
  }
}
