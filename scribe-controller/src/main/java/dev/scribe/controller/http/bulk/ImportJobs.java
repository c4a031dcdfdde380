package dev.scribe.controller.http.bulk;

import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.core.User;
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
import java.util.concurrent.TimeUnit;
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
 * Jobs live in memory, and a restart forgets them; {@link #close} discards what the jobs not yet finished hold on
 * disk. Internal, unsupported.
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
  private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "scribe-import");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * {@code maxWaiting} jobs wait in all, {@code perCaller} of one identified caller, {@code anonymous} of the callers
   * without credentials together; {@code kept} finished jobs are kept.
   */
  public ImportJobs(int maxWaiting, int perCaller, int anonymous, int kept) {
    this.maxWaiting = maxWaiting;
    this.perCaller = perCaller;
    this.anonymous = anonymous;
    this.kept = kept;
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

    Job(String resource, Object user, Supplier<Map<String, Object>> progress, Runnable discard) {
      this.resource = resource;
      this.user = user;
      this.owner = user instanceof User ? List.of(User.class, ((User) user).id()) : user;
      this.progress = progress;
      this.discard = discard;
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
  public Job submit(String resource, Object user, Supplier<Map<String, Object>> progress, Supplier<ActionResponse> work,
      Runnable discard) {
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
    try {
      executor.execute(() -> run(job, work));
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
      job.status = "failed";
      finish(job);
      return;
    }
    job.status = "running";
    try {
      ActionResponse answer = work.get();
      job.answer = answer;
      job.status = answer.status() < 300 ? "succeeded" : "failed";
    } catch (RuntimeException | Error e) {
      if (closed) {
        // its body was deleted, or its store closed, under it: the stop, not a fault of the job
        LOG.info("import job {} of {} stopped with the application: {}", job.id, job.resource, e.toString());
      } else {
        LOG.error("import job {} of {} failed", job.id, job.resource, e);
      }
      job.answer = ActionResponse.problem(500, Problems.internal(job.id));
      job.status = "failed";
    } finally {
      finish(job);
    }
  }

  private void finish(Job job) {
    synchronized (jobs) {
      job.finished = Instant.now();
      finishedCount++;
      forgetBeyondKept();
    }
  }

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
