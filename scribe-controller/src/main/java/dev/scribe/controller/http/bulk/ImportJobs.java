package dev.scribe.controller.http.bulk;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.codec.JsonCodec;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.core.User;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.UnitOfWork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import jobs of one application: imports too large for one request (or asked with {@code async=true})
 * run here, one at a time on a daemon thread, and {@code GET /imports/{id}} reads their status, counts,
 * progress and report. Only the caller who started a job sees it (another caller gets the same 404 as for
 * an unknown id). The queue and the finished jobs kept are shared fairly between callers (those without
 * credentials count as one): a caller may have {@code perCaller} jobs waiting, the anonymous ones {@code anonymous}
 * together, and beyond {@code kept} finished jobs the oldest of the caller holding the most goes. One caller's
 * flood filled the queue, every other caller's import was a 503, and its results pushed out everyone else's.
 * Each job also has a row in the application's database ({@code scribe_import_jobs}), its counts written in the
 * transaction of each chunk, so that after a restart, or a crash, {@code /imports/{id}} answers what the job had
 * committed (a job whose process has written no heartbeat on its row for {@link #STALE_MILLIS} is {@code interrupted};
 * a job another live process runs, as in an application of several instances on one database, is shown as that
 * process writes it); without a table (it could not be created) the
 * jobs live in memory only. {@link #close} discards what the jobs not yet finished hold on disk. Internal,
 * unsupported.
 */
public final class ImportJobs {
  /** The URL path under which jobs are read. */
  public static final String PATH = "imports";
  /** The Retry-After of an import refused because too many jobs are already waiting. */
  static final int RETRY_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");

  private final Map<String, Job> jobs = new LinkedHashMap<>();
  /** At most this many jobs wait for the running one; each holds its spooled body on disk while it waits. */
  private final int maxWaiting;
  private final int perCaller;
  private final int anonymous;
  private final int kept;
  /** The waiting jobs of each caller (the key {@code null}: every caller without credentials). */
  private final Map<Object, Integer> waitingBy = new HashMap<>();
  private int waiting;
  private int finishedCount;
  private volatile boolean closed;
  /** The application's database, where the jobs' rows are kept; null: in memory only. */
  private final DataStore store;
  private final JsonCodec json;
  /** This process's jobs, told apart in the table from those of a process that stopped. */
  private final String runner = UUID.randomUUID().toString();
  /** The table once created, and the jobs others left unfinished marked; null before (or while it cannot be). */
  private ImportJobTable table;
  private boolean tableFailureLogged;
  /** When the table may be tried again after a failure: each try may wait the whole connection wait, under the lock. */
  private long nextTableTry;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "scribe-import");
    thread.setDaemon(true);
    return thread;
  });
  /** Writes this process's heartbeat on its unfinished jobs' rows; started with the first job that has a row. */
  private ScheduledExecutorService heartbeats;

  /** How often this process says, on its unfinished jobs' rows, that it still runs them. */
  public static final long HEARTBEAT_MILLIS = 2_000;
  /**
   * How long a job of another process may go without a heartbeat before it is taken for interrupted: several
   * heartbeats, so that a process slowed down (a long pause of its collector, a busy database) is not taken for gone.
   */
  public static final long STALE_MILLIS = 10_000;

  /**
   * {@code maxWaiting} jobs wait in all, {@code perCaller} of one identified caller, {@code anonymous} of the callers
   * without credentials together; {@code kept} finished jobs are kept.
   */
  public ImportJobs(int maxWaiting, int perCaller, int anonymous, int kept) {
    this(maxWaiting, perCaller, anonymous, kept, null, JsonCodec.DEFAULT);
  }

  /**
   * As {@link #ImportJobs(int, int, int, int)}, each job also kept in a row of {@code store} (null: in memory only),
   * its answer written as JSON by {@code json}.
   */
  public ImportJobs(int maxWaiting, int perCaller, int anonymous, int kept, DataStore store, JsonCodec json) {
    this.maxWaiting = maxWaiting;
    this.perCaller = perCaller;
    this.anonymous = anonymous;
    this.kept = kept;
    this.store = store;
    this.json = json;
  }

  /**
   * The table of the jobs, created on first use; the jobs another process left queued or running are then marked
   * interrupted (it stopped before they ended), and the finished ones beyond {@code kept} deleted. Null when there
   * is no store, or the table cannot be had now (logged once; tried again after {@link #TABLE_RETRY_NANOS}).
   */
  private ImportJobTable table() {
    synchronized (jobs) {
      if (table != null || store == null || tableFailureLogged && System.nanoTime() - nextTableTry < 0) {
        return table;
      }
      try {
        ImportJobTable created = ImportJobTable.of(store);
        long now = nowMicros();
        int interrupted = created.interruptOthers(runner, now, now - STALE_MILLIS * 1_000);
        if (interrupted > 0) {
          LOG.info("{} import job(s) left queued or running by a process that stopped are marked interrupted",
              interrupted);
        }
        created.forgetBeyond(kept);
        table = created;
      } catch (RuntimeException e) {
        if (!tableFailureLogged) {
          LOG.warn("the import jobs are kept in memory only, and a restart forgets them: {}", e.getMessage());
        }
        tableFailureLogged = true;
        nextTableTry = System.nanoTime() + TABLE_RETRY_NANOS;
      }
      return table;
    }
  }

  private static final long TABLE_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  static long nowMicros() {
    return micros(Instant.now());
  }

  /** Starts the heartbeat of this process's jobs, once; called holding the lock. */
  private void startHeartbeats(ImportJobTable durable) {
    if (heartbeats != null || closed) {
      return;
    }
    heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "scribe-import-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
    heartbeats.scheduleWithFixedDelay(() -> beat(durable), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** One heartbeat, written only while this process has jobs that wait or run. */
  private void beat(ImportJobTable durable) {
    boolean unfinished;
    synchronized (jobs) {
      unfinished = jobs.values().stream().anyMatch(job -> job.finished == null && job.table != null);
    }
    if (!unfinished) {
      return;
    }
    try {
      durable.heartbeat(runner, nowMicros());
    } catch (RuntimeException e) {
      LOG.warn("the heartbeat of this process's import jobs could not be written: {}", e.getMessage());
    }
  }

  /** The finished jobs kept, all callers together. */
  public int kept() {
    return kept;
  }

  /** One import job: its id, who started it, its report and, once done, its answer. */
  public static final class Job {
    final String id = UUID.randomUUID().toString();
    final String resource;
    final Object user;
    /** Who the job counts for: a user's id, another caller itself, null for every caller without credentials. */
    final Object owner;
    final Supplier<Map<String, Object>> progress;
    final Runnable discard;
    final Instant created = Instant.now();
    volatile String status = "queued";
    volatile ActionResponse answer;
    volatile Instant finished;
    /** The job's row, or null when it has none (no table, or its row could not be written). */
    volatile ImportJobTable table;

    Job(String resource, Object user, Supplier<Map<String, Object>> progress, Runnable discard) {
      this.resource = resource;
      this.user = user;
      this.owner = user instanceof User ? List.of(User.class, ((User) user).id()) : user;
      this.progress = progress;
      this.discard = discard;
    }

    /**
     * Writes the job's counts after a chunk of its writing pass in {@code unit}, the chunk's unit of work, before it
     * commits: the row says {@code imported} rows written in {@code chunks} committed chunks, up to row
     * {@code lastRow} of the file, exactly when the chunk's rows are committed. Nothing without a row.
     */
    public void chunkCommitting(UnitOfWork unit, long imported, long failed, long chunks, long lastRow) {
      ImportJobTable row = table;
      if (row != null) {
        row.chunk(unit, id, imported, failed, chunks, lastRow);
      }
    }

    /** The pass the running job starts ({@code validating}, {@code writing}), written at once to its row. */
    public void phase(String phase) {
      ImportJobTable row = table;
      if (row != null) {
        try {
          row.progress(id, "running", phase);
        } catch (RuntimeException e) {
          LOG.warn("import job {} of {}: its row could not be written: {}", id, resource, e.getMessage());
        }
      }
    }

    /** The job as {@code GET /imports/{id}} shows it. */
    public Map<String, Object> toMap() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("resource", resource);
      body.put("status", status);
      body.put("created", created.toString());
      if (finished != null) {
        body.put("finished", finished.toString());
      }
      ActionResponse done = answer;
      Map<String, Object> counts = progress.get();
      if (done != null && done.body() instanceof Map) {
        // what the synchronous import would have answered, after onPostImport or onError
        ((Map<?, ?>) done.body()).forEach((k, v) -> counts.put(String.valueOf(k), v));
        body.put("httpStatus", done.status());
      }
      counts.forEach(body::putIfAbsent);
      return body;
    }
  }

  /**
   * Queues {@code work}; its answer is the job's outcome: 2xx succeeded, otherwise failed. {@code progress}
   * tells how far it is (phase, counts, report) while it runs; {@code discard} lets go of what the job holds
   * outside memory (its spooled body) when the jobs are closed before it finished. {@code work} does that
   * itself when it ends.
   *
   * @throws HttpVeto 503 with {@code Retry-After} when {@code maxWaiting} jobs are already waiting: a
   *     flood of imports would otherwise queue without bound, each with its body spooled on disk; or when the
   *     callers without credentials have {@code anonymous} waiting; 429 when the caller has {@code perCaller}
   */
  public Job submit(String resource, Object user, boolean dryRun, long rows, Supplier<Map<String, Object>> progress,
      Function<Job, ActionResponse> work, Runnable discard) {
    Job job = new Job(resource, user, progress, discard);
    synchronized (jobs) {
      if (closed) {
        throw stopping(resource);
      }
      refuseBeyondBounds(resource, job.owner);
      waiting++;
      waitingBy.merge(job.owner, 1, Integer::sum);
      jobs.put(job.id, job);
    }
    // the row is there before the job runs, so that each chunk's counts find it; written outside the lock, which
    // every status read takes
    ImportJobTable durable = table();
    if (durable != null) {
      try {
        durable.insert(job.id, resource, callerKey(user), runner, dryRun, rows, micros(job.created));
        job.table = durable;
        synchronized (jobs) {
          startHeartbeats(durable);
        }
      } catch (RuntimeException e) {
        LOG.warn("import job {} of {} is kept in memory only, and a restart forgets it: {}", job.id, resource,
            e.getMessage());
      }
    }
    try {
      executor.execute(() -> run(job, () -> work.apply(job)));
    } catch (RejectedExecutionException stopped) {
      // closed between the check above and here: the job was discarded with the others
      throw stopping(resource);
    }
    return job;
  }

  /** Refuses a job of {@code owner} the queue has no place for; called holding the lock. */
  private void refuseBeyondBounds(String resource, Object owner) {
    int theirs = waitingBy.getOrDefault(owner, 0);
    Map<String, String> retry = Map.of("Retry-After", String.valueOf(RETRY_SECONDS));
    if (owner != null && theirs >= perCaller) {
      throw new HttpVeto(429, resource + ".import: you already have " + perCaller + " import jobs waiting, as many as"
          + " one caller may (ImportJobLimits maxWaitingPerCaller); retry in " + RETRY_SECONDS + " s, when one of them"
          + " has started, or send a smaller file without async=true", retry);
    }
    if (owner == null && theirs >= anonymous && anonymous < maxWaiting) {
      throw new HttpVeto(503, resource + ".import: " + anonymous + " import jobs of callers without credentials are"
          + " already waiting, as many as they may together (ImportJobLimits maxAnonymousWaiting); send credentials, or"
          + " retry in " + RETRY_SECONDS + " s", retry);
    }
    if (waiting >= maxWaiting) {
      throw new HttpVeto(503, resource + ".import: " + maxWaiting + " import jobs are already waiting for the one"
          + " running, as many as may wait (ImportJobLimits maxWaiting); retry in " + RETRY_SECONDS + " s, or send a"
          + " smaller file without async=true", retry);
    }
  }

  /**
   * Lets go of the oldest finished jobs beyond {@code kept}, each time one of the caller holding the most (the
   * oldest such job among equals): a caller's flood pushes out its own results, and a caller holding fewer than
   * its share of them loses none. Called holding the lock.
   */
  private void forgetBeyondKept() {
    while (finishedCount > kept) {
      Map<Object, Integer> held = new HashMap<>();
      for (Job job : jobs.values()) {
        if (job.finished != null) {
          held.merge(job.owner, 1, Integer::sum);
        }
      }
      int most = held.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      Iterator<Job> oldest = jobs.values().iterator();
      while (oldest.hasNext()) {
        Job candidate = oldest.next();
        if (candidate.finished != null && held.get(candidate.owner) == most) {
          oldest.remove();
          finishedCount--;
          break;
        }
      }
    }
  }

  private static HttpVeto stopping(String resource) {
    return new HttpVeto(503, resource + ".import: the application is stopping and takes no more import jobs; retry in "
        + RETRY_SECONDS + " s", Map.of("Retry-After", String.valueOf(RETRY_SECONDS)));
  }

  private void run(Job job, Supplier<ActionResponse> work) {
    synchronized (jobs) {
      waiting--;
      waitingBy.computeIfPresent(job.owner, (owner, count) -> count == 1 ? null : count - 1);
    }
    if (closed) {
      // the application stopped before the job started: nothing of it ran
      job.status = INTERRUPTED;
      finish(job);
      return;
    }
    job.status = "running";
    try {
      ActionResponse answer = work.get();
      job.answer = answer;
      // a job the stop cut short is interrupted, not failed: its rows were not refused
      job.status = answer.status() < 300 ? "succeeded" : closed ? INTERRUPTED : "failed";
    } catch (RuntimeException | Error e) {
      if (closed) {
        // its body was deleted, or its store closed, under it: the stop, not a fault of the job
        LOG.info("import job {} of {} stopped with the application: {}", job.id, job.resource, e.toString());
      } else {
        LOG.error("import job {} of {} failed", job.id, job.resource, e);
      }
      job.answer = ActionResponse.problem(500, Problems.internal(job.id));
      job.status = closed ? INTERRUPTED : "failed";
    } finally {
      finish(job);
    }
  }

  private void finish(Job job) {
    synchronized (jobs) {
      job.finished = Instant.now();
    }
    List<String> forgotten = List.of();
    ImportJobTable rows = job.table;
    if (rows != null) {
      Map<String, Object> shown = job.toMap();
      try {
        rows.finish(job.id, job.status, String.valueOf(shown.getOrDefault("phase", "done")), count(shown, "imported",
            "valid"), count(shown, "failed", null), micros(job.finished), job.answer == null ? null : job.answer.status(),
            answerJson(job, shown));
        forgotten = rows.forgetBeyond(kept);
      } catch (RuntimeException e) {
        // the stop may have closed the store under the last job: a row left running is marked interrupted later
        LOG.warn("import job {} of {}: its row could not be written: {}", job.id, job.resource, e.getMessage());
      }
    }
    synchronized (jobs) {
      finishedCount++;
      for (String id : forgotten) {
        Job gone = jobs.get(id);
        if (gone != null && gone.finished != null) {
          jobs.remove(id);
          finishedCount--;
        }
      }
      forgetBeyondKept();
    }
  }

  /** The status of a job, as JSON for its row; null when it cannot be written so (an answer holding records). */
  private String answerJson(Job job, Map<String, Object> shown) {
    try {
      return new String(json.write(shown), StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      LOG.warn("import job {} of {}: its answer cannot be kept as JSON, only its counts are: {}", job.id, job.resource,
          e.getMessage());
      return null;
    }
  }

  private static long count(Map<String, Object> shown, String key, String otherwise) {
    Object value = shown.get(key);
    if (value == null && otherwise != null) {
      value = shown.get(otherwise);
    }
    return value instanceof Number ? ((Number) value).longValue() : 0;
  }

  /** The status of a job no process runs any more: the application stopped, or was killed, before it ended. */
  static final String INTERRUPTED = "interrupted";

  /**
   * Takes no more jobs, and deletes the spooled bodies of those not finished: the running one (its chunk in
   * flight goes on with what it has read, and is rolled back if the store closes under it; the chunks
   * before it stay written) and the waiting ones, which will not start. A stopping JVM does not wait for
   * the jobs' thread, so their own clean-up would not run, and each body (up to {@code maxImportBytes})
   * stayed in the temporary directory for good.
   */
  public void close() {
    List<Job> unfinished = new ArrayList<>();
    synchronized (jobs) {
      closed = true;
      for (Job job : jobs.values()) {
        if (job.finished == null) {
          unfinished.add(job);
        }
      }
    }
    executor.shutdown();
    synchronized (jobs) {
      if (heartbeats != null) {
        heartbeats.shutdownNow();
      }
    }
    for (Job job : unfinished) {
      try {
        job.discard.run();
      } catch (RuntimeException e) {
        LOG.warn("import job {} of {}: its spooled body could not be deleted: {}", job.id, job.resource, e.toString());
      }
    }
    // The running job starts no chunk after the one in flight; that one ends before the stop goes on to close
    // the store. Closed under it, a chunk was cut in the middle of its transaction, and a SIGTERM left 8 of its
    // 500 rows written.
    try {
      if (!executor.awaitTermination(CHUNK_IN_FLIGHT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("an import job's chunk was still being written {} s after the stop began; the stop goes on without it",
            CHUNK_IN_FLIGHT_WAIT_SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long a stop waits for the chunk a running job is writing. */
  private static final long CHUNK_IN_FLIGHT_WAIT_SECONDS = 30;

  /** The job of that id as its caller sees it, or null (unknown, or started by another caller). */
  public Job find(String id, Object caller) {
    Job job;
    synchronized (jobs) {
      // the id is a UUID, whose hex digits are read in either case (RFC 9562); it is issued in lower case
      job = jobs.get(id.toLowerCase(java.util.Locale.ROOT));
    }
    if (job == null || !sameCaller(job.user, caller)) {
      return null;
    }
    return job;
  }

  /**
   * The status of the job of that id as its caller sees it ({@link Job#toMap}), or null (unknown, or started by
   * another caller): a job of this process from memory, else the row another process, or this one before a restart,
   * left in the table.
   *
   * @throws HttpVeto 503 with {@code Retry-After} when the table cannot be read
   */
  public Map<String, Object> status(String id, Object caller) {
    Job job = find(id, caller);
    if (job != null) {
      return job.toMap();
    }
    String key = id.toLowerCase(java.util.Locale.ROOT);
    if (store == null || !key.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      return null;
    }
    ImportJobTable rows = table();
    ImportJobTable.Row row;
    try {
      row = rows == null ? null : rows.find(key);
    } catch (RuntimeException e) {
      throw new HttpVeto(503, "the status of import job " + key + " could not be read from the database: "
          + e.getMessage() + "; retry in 5 s", Map.of("Retry-After", "5"));
    }
    if (row == null || !row.caller().equals(callerKey(caller)) || row.caller().startsWith(UNNAMED)) {
      return null;
    }
    long now = nowMicros();
    if (row.unfinished() && row.heartbeatMicros() < now - STALE_MILLIS * 1_000) {
      // no process has said for a while that it runs the job (a job of this process is in memory): it is gone
      try {
        rows.interruptIfStale(row.id(), now, now - STALE_MILLIS * 1_000);
      } catch (RuntimeException e) {
        LOG.warn("import job {}: its row could not be marked interrupted: {}", row.id(), e.getMessage());
      }
      row = row.interruptedAt(now);
    }
    if (row.answer() != null) {
      Object kept = json.read(row.answer().getBytes(StandardCharsets.UTF_8));
      if (kept instanceof Map) {
        Map<String, Object> body = new LinkedHashMap<>();
        ((Map<?, ?>) kept).forEach((k, v) -> body.put(String.valueOf(k), v));
        return body;
      }
    }
    return fromRow(row);
  }

  /** A job's row as its status, for a job whose answer was not kept: one no process runs any more, most often. */
  private static Map<String, Object> fromRow(ImportJobTable.Row row) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", row.id());
    body.put("resource", row.resource());
    body.put("status", row.status());
    body.put("created", Instant.EPOCH.plus(row.createdMicros(), ChronoUnit.MICROS).toString());
    if (row.finishedMicros() != null) {
      body.put("finished", Instant.EPOCH.plus(row.finishedMicros(), ChronoUnit.MICROS).toString());
    }
    body.put("phase", row.phase());
    body.putAll(ImportJobTable.counts(row));
    if (INTERRUPTED.equals(row.status())) {
      body.put("stopped", interruption(row));
    }
    return body;
  }

  /** What an interrupted job wrote: the client decides from it what to send again. */
  private static String interruption(ImportJobTable.Row row) {
    String when = "the application stopped while the job was " + (row.phase().equals("queued") ? "waiting to start"
        : row.phase().equals("validating") ? "checking the rows, before it wrote any" : row.phase());
    if (row.dryRun() || row.chunks() == 0) {
      return when + "; nothing was written";
    }
    return when + "; " + (row.imported() == 1 ? "1 row is" : row.imported() + " rows are") + " written, in "
        + row.chunks() + " committed chunk" + (row.chunks() == 1 ? "" : "s") + " up to row " + row.lastRow()
        + " of the file; nothing after that row is; send the rows after it again";
  }

  private static final String UNNAMED = "unnamed:";

  /**
   * Who started a job, as its row names them: a user by id, a caller a filter named by a text, every caller without
   * credentials as one; another kind of caller can be told apart in memory only, so its row matches no caller.
   * Long names are kept as their SHA-256.
   */
  static String callerKey(Object caller) {
    String key = caller == null ? "anonymous" : caller instanceof User ? "user:" + ((User) caller).id()
        : caller instanceof String ? "name:" + caller : UNNAMED + UUID.randomUUID();
    if (key.length() <= 100) {
      return key;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + java.util.HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static boolean sameCaller(Object owner, Object caller) {
    if (owner instanceof User && caller instanceof User) {
      return Objects.equals(((User) owner).id(), ((User) caller).id());
    }
    return Objects.equals(owner, caller);
  }

  /** {@code /imports/{id}} under {@code base}, where the application is mounted. */
  public static String location(String base, Job job) {
    return base + "/" + PATH + "/" + job.id;
  }
}
