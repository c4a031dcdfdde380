package dev.scribe.bench;

import dev.scribe.bench.http.StoreClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP store pairs of {@link HttpBenchmark} and {@link HttpAuthBenchmark}, measured so that their
 * ratios hold on a shared machine: one client thread sends the variants' requests in turns — a block of
 * requests to each variant per round, the order rotated every round — so that whatever else runs on the
 * machine slows every variant alike. Each variant's round is the mean latency of its block; the first
 * third of the rounds warms up and is not counted; the medians of the rest are compared. The servers and
 * their set-up are the JMH classes' own.
 *
 * <pre>
 * java -cp scribe-bench/target/benchmarks.jar dev.scribe.bench.HttpAlternating [rounds] [requests per block]
 * </pre>
 */
public final class HttpAlternating {
  private HttpAlternating() {}

  /** One variant: a store request (an answer other than 201 is counted by the JMH class, which fails at stop). */
  private interface Store {
    int send() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int block = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    HttpBenchmark http = new HttpBenchmark();
    HttpAuthBenchmark auth = new HttpAuthBenchmark();
    http.start();
    auth.start();
    try {
      StoreClient client = new StoreClient();
      StoreClient authClient = new StoreClient();
      Map<String, Store> variants = new LinkedHashMap<>();
      variants.put("bareServletStore", () -> http.bareServletStore(client));
      variants.put("scribeStore", () -> http.scribeStore(client));
      variants.put("scribeStoreRecorded", () -> http.scribeStoreRecorded(client));
      variants.put("authOpenStore", () -> auth.scribeStore(authClient));
      variants.put("authAuthenticatedStore", () -> auth.scribeStoreAuthenticated(authClient));
      Map<String, double[]> micros = run(variants, rounds, block);
      Map<String, Double> median = new LinkedHashMap<>();
      micros.forEach((name, values) -> median.put(name, median(values, rounds / 3)));
      median.forEach((name, value) -> System.out.printf("%-24s median %8.1f us per store request%n", name, value));
      // Throughput ratios: the inverse of the latency ratios.
      System.out.printf("scribeStore / bareServletStore throughput: %.3f (target >= 0.9)%n",
          median.get("bareServletStore") / median.get("scribeStore"));
      System.out.printf("scribeStoreRecorded / scribeStore throughput: %.3f (target >= 0.95)%n",
          median.get("scribeStore") / median.get("scribeStoreRecorded"));
      System.out.printf("authenticated / anonymous store throughput: %.3f (target >= 0.9)%n",
          median.get("authOpenStore") / median.get("authAuthenticatedStore"));
    } finally {
      auth.stop();
      http.stop();
    }
  }

  private static Map<String, double[]> run(Map<String, Store> variants, int rounds, int block) throws Exception {
    List<String> names = new ArrayList<>(variants.keySet());
    Map<String, double[]> micros = new LinkedHashMap<>();
    names.forEach(name -> micros.put(name, new double[rounds]));
    for (int round = 0; round < rounds; round++) {
      for (int turn = 0; turn < names.size(); turn++) {
        String name = names.get((round + turn) % names.size());
        Store store = variants.get(name);
        long start = System.nanoTime();
        for (int i = 0; i < block; i++) {
          store.send();
        }
        micros.get(name)[round] = (System.nanoTime() - start) / 1_000.0 / block;
      }
    }
    return micros;
  }

  private static double median(double[] values, int warmup) {
    double[] counted = Arrays.copyOfRange(values, warmup, values.length);
    Arrays.sort(counted);
    int middle = counted.length / 2;
    return counted.length % 2 == 1 ? counted[middle] : (counted[middle - 1] + counted[middle]) / 2;
  }
}
