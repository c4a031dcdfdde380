package dev.scribe.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo run as a process of its own, as the tests that kill, stop or restart it need it. */
final class DemoProcesses {
  private static final Pattern LISTENING = Pattern.compile("Scribe demo listening on (http://\\S+)");

  private DemoProcesses() {}

  /** The command that runs the demo with {@code flags} in {@code workDir}, on this JVM's class path. */
  static ProcessBuilder command(Path workDir, List<String> jvmOptions, String... flags) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), DemoMain.class.getName()));
    command.addAll(List.of(flags));
    return new ProcessBuilder(command).directory(workDir.toFile());
  }

  /** Starts the demo with {@code flags} in {@code workDir}, its error output merged into its output. */
  static Process start(Path workDir, String... flags) throws IOException {
    return command(workDir, List.of(), flags).redirectErrorStream(true).start();
  }

  /** Reads the process's output until it prints its URL; the rest of the output is drained in the background. */
  static URI awaitUrl(Process process) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      seen.append(line).append('\n');
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> {
          try {
            while (lines.readLine() != null) {
              // keep the pipe from filling up
            }
          } catch (IOException ignored) {
            // the process ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        return URI.create(matcher.group(1));
      }
    }
    throw new AssertionError("the demo exited without printing its URL:\n" + seen);
  }
}
