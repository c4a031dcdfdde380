package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scribe.docs.DocsRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the tour of {@code docs/demo.md} against the demo: starts it in-process with the options of the page's
 * start command (on an ephemeral port instead of 8080), sends every {@code curl} command of the page over a
 * plain socket, in page order, and checks each answer against the {@code http} block that follows it.
 *
 * <p>The format of the page, which this test enforces:
 * <ul>
 *   <li>The start command is a {@code bash} block {@code java -jar scribe-demo/target/scribe-demo.jar <options>}.</li>
 *   <li>Each example is a {@code bash} block holding one {@code curl -si ...} command (lines may end in
 *       {@code \} to continue), followed by an {@code http} block: the status line, the headers to check, a blank
 *       line and the body to check. Headers not shown are not checked. A JSON body is checked field by field:
 *       every field shown must be in the answer with the value shown (objects may have more fields than shown;
 *       arrays have exactly the elements shown); any other body (CSV, NDJSON) must be equal, line ends
 *       aside. Without a body nothing of the body is checked.</li>
 *   <li>{@code NAME=$(curl -s ... | jq -r .field)} keeps a field of a JSON answer in {@code $NAME} for later
 *       commands ({@code "...$NAME..."} inside double quotes).</li>
 *   <li>Known curl options: {@code -s}, {@code -i}, {@code -g}, {@code -X METHOD}, {@code -H 'Name: value'},
 *       {@code -d DATA}; anything else fails the test, so the page cannot show a command this test does not
 *       understand.</li>
 * </ul>
 */
class DemoTourTest {
  static final Path PAGE = Path.of("docs", "demo.md");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern CAPTURE = Pattern.compile("(?s)^([A-Za-z_][A-Za-z0-9_]*)=\\$\\((curl .*) \\| jq -r \\.([A-Za-z0-9_.]+)\\)$");
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.1 (\\d{3}) (.+)$");
  private static final String DOC_AUTHORITY = "localhost:8080";

  private static DemoApplication demo;
  private static URI base;
  private static List<Block> blocks;
  private static final Map<String, String> variables = new HashMap<>();

  @BeforeAll
  static void start() throws IOException {
    blocks = Block.parse(Files.readAllLines(DocsRoot.find().resolve(PAGE)));
    List<String> options = startOptions(blocks);
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("--port", "0"));
    demo = DemoApplication.create(DemoOptions.parse(args));
    base = demo.serve();
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void everyCurlOfThePageIsAnExampleThatThisTestRuns() {
    List<Example> examples = examples(blocks);
    assertThat(examples).as("examples in %s", PAGE).hasSizeGreaterThan(20);
    for (Block block : blocks) {
      boolean mentionsCurl = block.lines.stream().anyMatch(line -> line.strip().startsWith("curl ")
          || line.contains("$(curl "));
      if (mentionsCurl) {
        assertThat(block.language).as("%s:%d: a curl command outside a bash block", PAGE, block.line)
            .isIn("bash", "sh");
      }
    }
  }

  @Test
  void theCheckerReadsTheFormatAsDocumented() throws IOException {
    Map<String, String> vars = Map.of("TOKEN", "t1");
    assertThat(Shell.words("curl -si -X POST 'localhost:8080/a b' -H \"Authorization: Bearer $TOKEN\" \\\n -d '{\"x\":1}'", vars))
        .containsExactly("curl", "-si", "-X", "POST", "localhost:8080/a b", "-H", "Authorization: Bearer t1", "-d", "{\"x\":1}");
    Curl curl = Curl.parse(Shell.words("curl -sig -d '[1]' localhost:8080/tasks", vars));
    assertThat(curl.method()).isEqualTo("POST");
    assertThat(curl.include()).isTrue();
    assertThat(curl.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");

    List<String> mismatches = new ArrayList<>();
    match("$", JSON.readTree("{\"a\":1,\"b\":[{\"c\":true}]}"), JSON.readTree("{\"a\":1,\"z\":0,\"b\":[{\"c\":true,\"d\":2}]}"),
        mismatches);
    assertThat(mismatches).as("fields not shown are not checked").isEmpty();
    match("$", JSON.readTree("{\"a\":2,\"b\":[],\"e\":null}"), JSON.readTree("{\"a\":1,\"b\":[1]}"), mismatches);
    assertThat(mismatches).containsExactly("$.a: expected 2, got 1", "$.b: expected 0 elements, got [1]",
        "$.e: missing in {\"a\":1,\"b\":[1]}");
  }

  @TestFactory
  Stream<DynamicTest> everyExampleAnswersAsShown() {
    return examples(blocks).stream().map(example -> DynamicTest.dynamicTest(
        PAGE + ":" + example.command.line + " " + abbreviate(example.command.text()), example::run));
  }

  private static String abbreviate(String text) {
    String line = text.replace("\\\n", " ").replaceAll("\\s+", " ");
    return line.length() > 110 ? line.substring(0, 110) + "…" : line;
  }

  /** The options after the jar in the page's start command. */
  static List<String> startOptions(List<Block> blocks) {
    for (Block block : blocks) {
      String text = block.text().strip();
      if (block.language.equals("bash") && text.startsWith("java ") && text.contains("scribe-demo/target/scribe-demo.jar")) {
        List<String> words = Shell.words(text, Map.of());
        return words.subList(words.indexOf("scribe-demo/target/scribe-demo.jar") + 1, words.size());
      }
    }
    throw new AssertionError(PAGE + " has no start command: a bash block 'java -jar scribe-demo/target/scribe-demo.jar ...'");
  }

  static List<Example> examples(List<Block> blocks) {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      if (!block.language.equals("bash") || !block.text().contains("curl ")) {
        continue;
      }
      Block expected = i + 1 < blocks.size() && blocks.get(i + 1).language.equals("http") ? blocks.get(i + 1) : null;
      examples.add(new Example(block, expected));
    }
    return examples;
  }

  /** A fenced block of the page: its language, first line number (1-based, of the fence) and lines. */
  record Block(String language, int line, List<String> lines) {
    String text() {
      return String.join("\n", lines);
    }

    static List<Block> parse(List<String> page) {
      List<Block> blocks = new ArrayList<>();
      for (int i = 0; i < page.size(); i++) {
        String fence = page.get(i).strip();
        if (!fence.startsWith("```")) {
          continue;
        }
        String language = fence.substring(3).strip();
        List<String> lines = new ArrayList<>();
        int start = i;
        for (i++; i < page.size() && !page.get(i).strip().equals("```"); i++) {
          lines.add(page.get(i));
        }
        blocks.add(new Block(language, start + 1, lines));
      }
      return blocks;
    }
  }

  /** One command and, unless it only keeps a value, the answer the page shows for it. */
  record Example(Block command, Block expected) {
    void run() throws IOException {
      String text = command.text().strip();
      Matcher capture = CAPTURE.matcher(text);
      if (capture.matches()) {
        Answer answer = send(Curl.parse(Shell.words(capture.group(2), variables)));
        assertThat(answer.status).as("status of %s", text).isBetween(200, 299);
        JsonNode value = JSON.readTree(answer.body);
        for (String name : capture.group(3).split("\\.")) {
          value = value.path(name);
        }
        assertThat(value.isTextual() || value.isNumber()).as("%s in %s", capture.group(3), answer.body).isTrue();
        variables.put(capture.group(1), value.asText());
        return;
      }
      assertThat(expected).as("%s:%d: the answer of this command, as an http block right after it", PAGE, command.line)
          .isNotNull();
      Curl curl = Curl.parse(Shell.words(text, variables));
      assertThat(curl.include).as("%s:%d: use curl -si, so that the status line shown is what curl prints", PAGE,
          command.line).isTrue();
      Answer answer = send(curl);
      Shown shown = Shown.parse(expected);
      assertThat(answer.status).as("status; the answer was %s", answer).isEqualTo(shown.status);
      assertThat(answer.reason).as("reason phrase").isEqualTo(shown.reason);
      shown.headers.forEach((name, value) -> assertThat(answer.header(name))
          .as("header %s; the answer was %s", name, answer).isEqualTo(value));
      if (!shown.body.isBlank()) {
        if (isJson(shown.body)) {
          JsonNode actual = JSON.readTree(answer.body);
          List<String> mismatches = new ArrayList<>();
          match("$", JSON.readTree(shown.body), actual, mismatches);
          assertThat(mismatches).as("fields shown in %s:%d; the body was %s", PAGE, expected.line, answer.body).isEmpty();
        } else {
          assertThat(answer.body.replace("\r\n", "\n").strip()).as("body (line ends as LF)").isEqualTo(shown.body.strip());
        }
      }
    }
  }

  /** One JSON value (an object or an array); anything else, NDJSON and CSV included, is compared as text. */
  static boolean isJson(String body) {
    if (!body.startsWith("{") && !body.startsWith("[")) {
      return false;
    }
    try {
      JSON.readTree(body);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Every field of {@code shown} is in {@code actual} with the same value; arrays have the same length. */
  static void match(String where, JsonNode shown, JsonNode actual, List<String> mismatches) {
    if (shown.isObject()) {
      if (!actual.isObject()) {
        mismatches.add(where + ": expected an object, got " + actual);
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = shown.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!actual.has(field.getKey())) {
          mismatches.add(where + "." + field.getKey() + ": missing in " + actual);
        } else {
          match(where + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), mismatches);
        }
      }
    } else if (shown.isArray()) {
      if (!actual.isArray() || actual.size() != shown.size()) {
        mismatches.add(where + ": expected " + shown.size() + " elements, got " + actual);
        return;
      }
      for (int i = 0; i < shown.size(); i++) {
        match(where + "[" + i + "]", shown.get(i), actual.get(i), mismatches);
      }
    } else if (!shown.equals(actual) && !(shown.isNumber() && actual.isNumber()
        && shown.decimalValue().compareTo(actual.decimalValue()) == 0)) {
      mismatches.add(where + ": expected " + shown + ", got " + actual);
    }
  }

  /** The answer an {@code http} block shows: status line, headers, body. */
  record Shown(int status, String reason, Map<String, String> headers, String body) {
    static Shown parse(Block block) {
      List<String> lines = block.lines;
      Matcher status = STATUS_LINE.matcher(lines.isEmpty() ? "" : lines.get(0).strip());
      assertThat(status.matches()).as("%s:%d: an http block starts with a status line 'HTTP/1.1 200 OK'", PAGE,
          block.line).isTrue();
      Map<String, String> headers = new LinkedHashMap<>();
      int i = 1;
      for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
        String line = lines.get(i);
        int colon = line.indexOf(':');
        assertThat(colon).as("%s:%d: header line '%s'", PAGE, block.line + i + 1, line).isPositive();
        headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
      String body = i < lines.size() ? String.join("\n", lines.subList(i + 1, lines.size())).strip() : "";
      return new Shown(Integer.parseInt(status.group(1)), status.group(2), headers, body);
    }
  }

  /** The parts of a curl command line that this test supports. */
  record Curl(String method, String url, Map<String, String> headers, String data, boolean include) {
    static Curl parse(List<String> words) {
      assertThat(words).as("a curl command").isNotEmpty().first().isEqualTo("curl");
      String method = null;
      String url = null;
      String data = null;
      boolean include = false;
      Map<String, String> headers = new LinkedHashMap<>();
      for (Iterator<String> it = words.subList(1, words.size()).iterator(); it.hasNext(); ) {
        String word = it.next();
        if (word.equals("-X")) {
          method = it.next();
        } else if (word.equals("-H")) {
          String header = it.next();
          int colon = header.indexOf(':');
          headers.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        } else if (word.equals("-d")) {
          data = it.next();
        } else if (word.matches("-[sig]+")) {
          include |= word.contains("i");
        } else if (word.startsWith("-")) {
          throw new AssertionError("the curl option " + word + " is not one that " + DemoTourTest.class.getSimpleName()
              + " knows (-s, -i, -g, -X, -H, -d)");
        } else {
          assertThat(url).as("one URL per curl command: %s", words).isNull();
          url = word;
        }
      }
      assertThat(url).as("the URL of %s", words).isNotNull();
      if (data != null) {
        headers.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
      }
      return new Curl(method != null ? method : data != null ? "POST" : "GET", url, headers, data, include);
    }
  }

  /** An HTTP/1.1 answer as curl prints it. */
  record Answer(int status, String reason, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + reason + " " + headers + " " + body;
    }
  }

  /** Sends the command over a socket to the demo, as curl would to localhost:8080. */
  static Answer send(Curl curl) throws IOException {
    String url = curl.url.startsWith("http://") ? curl.url.substring("http://".length()) : curl.url;
    assertThat(url).as("the tour talks to %s", DOC_AUTHORITY).startsWith(DOC_AUTHORITY);
    String target = url.substring(DOC_AUTHORITY.length());
    if (target.isEmpty()) {
      target = "/";
    }
    byte[] body = curl.data == null ? new byte[0] : curl.data.getBytes(StandardCharsets.UTF_8);
    StringBuilder request = new StringBuilder()
        .append(curl.method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
        .append("Connection: close\r\n");
    Map<String, String> defaults = new LinkedHashMap<>(Map.of("User-Agent", "curl/8", "Accept", "*/*"));
    curl.headers.keySet().forEach(name -> defaults.keySet().removeIf(name::equalsIgnoreCase));   // -H replaces them
    defaults.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    curl.headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    if (curl.data != null) {
      request.append("Content-Length: ").append(body.length).append("\r\n");
    }
    request.append("\r\n");
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      return read(socket.getInputStream(), curl.method.equals("HEAD"));
    }
  }

  private static Answer read(InputStream in, boolean head) throws IOException {
    byte[] all = in.readAllBytes();
    String raw = new String(all, StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    assertThat(end).as("an HTTP answer: %s", raw).isPositive();
    String[] lines = raw.substring(0, end).split("\r\n");
    Matcher status = STATUS_LINE.matcher(lines[0]);
    assertThat(status.matches()).as("status line %s", lines[0]).isTrue();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
          (a, b) -> a + ", " + b);
    }
    byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if (!head && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      rest = dechunk(rest);
    }
    return new Answer(Integer.parseInt(status.group(1)), status.group(2), headers,
        head ? "" : new String(rest, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = at;
      while (!(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int length = Integer.parseInt(size, 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, length);
      at = lineEnd + 2 + length + 2;
    }
  }

  /** Splits a command line into words as a POSIX shell would, for the quoting the page uses. */
  static final class Shell {
    static List<String> words(String text, Map<String, String> variables) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        } else if (Character.isWhitespace(c)) {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
        } else {
          if (word == null) {
            word = new StringBuilder();
          }
          if (c == '\'') {
            int close = text.indexOf('\'', i + 1);
            assertThat(close).as("closing ' in %s", text).isPositive();
            word.append(text, i + 1, close);
            i = close;
          } else if (c == '"') {
            int j = i + 1;
            for (; j < text.length() && text.charAt(j) != '"'; j++) {
              char d = text.charAt(j);
              if (d == '\\' && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
                word.append(text.charAt(++j));
              } else if (d == '$') {
                j = expand(text, j, word, variables);
              } else {
                word.append(d);
              }
            }
            assertThat(j).as("closing \" in %s", text).isLessThan(text.length());
            i = j;
          } else if (c == '$') {
            i = expand(text, i, word, variables);
          } else if (c == '\\' && i + 1 < text.length()) {
            word.append(text.charAt(++i));
          } else {
            word.append(c);
          }
        }
      }
      if (word != null) {
        words.add(word.toString());
      }
      return words;
    }

    private static int expand(String text, int dollar, StringBuilder word, Map<String, String> variables) {
      Matcher name = Pattern.compile("\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?").matcher(text);
      assertThat(name.find(dollar + 1) && name.start() == dollar + 1).as("a variable after $ in %s", text).isTrue();
      String value = variables.get(name.group(1));
      assertThat(value).as("$%s is set by an earlier NAME=$(curl ... | jq -r .field) of the page", name.group(1))
          .isNotNull();
      word.append(value);
      return name.end() - 1;
    }
  }
}
