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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Event dispatch: one {@code preCreate} event to 0, 1 and 5 handlers through an {@link EventManager},
 * against the same handler method called directly and the same handlers subscribed to Guava's
 * {@link EventBus}. Every handler mutates the params map the event carries, with the weight chosen by
 * {@link #handler}: {@code put} writes one value, {@code copy} reads one and writes another. The five
 * handlers are five instances of one class. Each benchmark returns the args, so nothing is dead code.
 *
 * <p>Four forks, because how the JIT splits {@code fire} and the handler loop into compiled methods
 * differs from fork to fork and moves the one-handler result by a few nanoseconds.
 *
 * <p>Run: {@code java -jar scribe-bench/target/benchmarks.jar DispatchBenchmark -prof gc}. The ratios
 * to read are scribeOneHandler / directCall, scribeFiveHandlers / directCallFive and
 * guavaOneSubscriber / scribeOneHandler, for each handler weight.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(4)
public class DispatchBenchmark {
  static final Tier TIER = Tier.builder("bench").events("preCreate", "postCreate").handlerPrefixes("pre", "post").build();
  static final Event PRE_CREATE = TIER.event("preCreate");

  /** How much work each handler does: {@code put} or {@code copy} (see {@link BenchHandler}). */
  @Param({"put", "copy"})
  public String handler;

  private BenchHandler[] handlers;
  private EventArgs args;
  private EventManager none;
  private EventManager one;
  private EventManager five;
  private EventBus guavaOne;
  private EventBus guavaFive;

  @Setup(Level.Trial)
  public void setUp() {
    handlers = new BenchHandler[5];
    for (int i = 0; i < handlers.length; i++) {
      handlers[i] = BenchHandler.of(handler);
    }
    Map<String, Object> params = new HashMap<>();
    params.put(BenchHandler.TITLE, BenchHandler.TITLE_VALUE);
    args = EventArgs.builder().self(this).path("tasks.store").put(EventArgs.PARAMS, params).build();

    Scribe scribe = Scribe.builder().discoverTiers(false).build();
    none = scribe.register(TIER, new Object());
    one = scribe.register(TIER, new Object());
    one.subscribe(handlers[0]);
    five = scribe.register(TIER, new Object());
    for (BenchHandler each : handlers) {
      five.subscribe(each);
    }

    guavaOne = new EventBus("one");
    guavaOne.register(handlers[0]);
    guavaFive = new EventBus("five");
    for (BenchHandler each : handlers) {
      guavaFive.register(each);
    }
    check();
  }

  /** Fails the run early when a variant does not reach its handlers. */
  private void check() {
    for (Runnable variant : new Runnable[] {this::directCall, this::directCallFive, this::scribeOneHandler,
        this::scribeFiveHandlers, this::guavaOneSubscriber, this::guavaFiveSubscribers}) {
      args.params().remove(BenchHandler.SLUG);
      variant.run();
      if (!BenchHandler.TITLE_VALUE.equals(args.params().get(BenchHandler.SLUG))) {
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
