package dev.scribe.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the time of one batch {@code POST /tasks} grows with its size, on the demo over HTTP: the demo's
 * {@code verifyCreate} runs a query per record (is this title already open?), which must not make a
 * batch quadratic. For each round and size a fresh demo process (in-memory database) is started, warmed
 * up with a few batches, then sent one batch of that size; the median time per size and the ratio of the
 * largest to the smallest are printed. Target: a batch of 10,000 at most 4.5 times one of 2,500.
 *
 * <pre>
 * mvn -B -q -pl scribe-demo,scribe-bench -am package -DskipTests
 * java -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.BatchScaling [--jar scribe-demo/target/scribe-demo.jar]
 *     [--sizes 2500,10000] [--rounds 3] [--java-options "-Xmx1g"]
 * </pre>
 */
public final class BatchScaling {
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+?)/? ");

  private BatchScaling() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("scribe-demo/target/scribe-demo.jar");
    List<Integer> sizes = List.of(2500, 10000);
    int rounds = 3;
    List<String> javaOptions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[++i]);
        case "--sizes" -> {
          List<Integer> parsed = new ArrayList<>();
          for (String size : args[++i].split(",")) {
            parsed.add(Integer.parseInt(size.strip()));
          }
          sizes = parsed;
        }
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--java-options" -> javaOptions.addAll(List.of(args[++i].strip().split("\\s+")));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --jar PATH, --sizes N,M, --rounds N, --java-options \"...\"");
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(jar + " does not exist; build it with mvn -B -q -pl scribe-demo -am package -DskipTests");
    }
    List<List<Double>> seconds = new ArrayList<>();
    for (int s = 0; s < sizes.size(); s++) {
      seconds.add(new ArrayList<>());
    }
    for (int round = 1; round <= rounds; round++) {
      for (int s = 0; s < sizes.size(); s++) {
        double time = measure(jar, javaOptions, sizes.get(s), round);
        seconds.get(s).add(time);
        System.out.printf(Locale.ROOT, "round %d: batch of %,d tasks: %.2f s (%.0f records/s)%n", round, sizes.get(s),
            time, sizes.get(s) / time);
      }
    }
    double smallest = median(seconds.get(0));
    for (int s = 0; s < sizes.size(); s++) {
      double median = median(seconds.get(s));
      System.out.printf(Locale.ROOT, "median batch of %,d: %.2f s, %.2f x the batch of %,d (size %.1f x)%n", sizes.get(s),
          median, median / smallest, sizes.get(0), sizes.get(s) / (double) sizes.get(0));
    }
  }

  /** Starts a demo, warms it up, and returns the seconds one batch of {@code size} new tasks takes. */
  private static double measure(Path jar, List<String> javaOptions, int size, int round) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(List.of("-jar", jar.toString(), "--port", "0", "--db", "mem"));
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      URI base = awaitListening(demo);
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      for (int warm = 0; warm < 5; warm++) {
        post(client, base, batch("warm-up " + round + "." + warm, 500));
      }
      String body = batch("measured " + round, size);
      long start = System.nanoTime();
      post(client, base, body);
      return (System.nanoTime() - start) / 1e9;
    } finally {
      demo.destroy();
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
  }

  private static URI awaitListening(Process demo) throws IOException {
    BufferedReader output = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        // Keep draining the demo's output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> {
          try {
            while (output.readLine() != null) {
              // discarded
            }
          } catch (IOException e) {
            // the demo stopped
          }
        }, "demo-output");
        drain.setDaemon(true);
        drain.start();
        return URI.create(matcher.group(1) + "/");
      }
    }
    throw new IllegalStateException("the demo stopped before it listened (exit " + demo.exitValue() + ")");
  }

  private static String batch(String prefix, int size) {
    StringBuilder json = new StringBuilder(size * 64).append('[');
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append("{\"title\":\"").append(prefix).append(" task ").append(i).append("\",\"priority\":")
          .append(1 + i % 5).append('}');
    }
    return json.append(']').toString();
  }

  private static void post(HttpClient client, URI base, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("tasks")).timeout(Duration.ofMinutes(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      String text = response.body();
      throw new IllegalStateException("POST /tasks answered " + response.statusCode() + ": "
          + text.substring(0, Math.min(500, text.length())));
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
