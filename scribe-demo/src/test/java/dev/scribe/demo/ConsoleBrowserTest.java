package dev.scribe.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scribe.testing.TestResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium against the running demo: the catalogue shows every event, a request
 * made here shows its handlers in order, a veto is shown on the handler that raised it, and the README's
 * picture ({@code docs/console.png}) is taken. Uses the system's Chromium and ChromeDriver (Debian:
 * {@code apt-get install chromium chromium-driver}); without them the tests are skipped. Nothing is
 * downloaded: both paths are given to Selenium explicitly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
  private static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(20);

  private DemoApplication demo;
  private URI base;
  private DemoClient client;
  /** The console is behind the admin role: its JSON is read as the admin, the page signs in as the admin. */
  private DemoClient admin;
  private static final String ADMIN_PASSWORD = "console admin password";
  private ChromeDriver browser;
  private Path profile;

  @BeforeAll
  void start() throws IOException {
    Optional<Path> chromium = find("scribe.chromium", CHROMIUM);
    Optional<Path> chromedriver = find("scribe.chromedriver", CHROMEDRIVER);
    assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "browser tests skipped: no Chromium and ChromeDriver"
        + " found (looked for " + CHROMIUM + " and " + CHROMEDRIVER + ", or the system properties scribe.chromium and"
        + " scribe.chromedriver); install them with: apt-get install chromium chromium-driver");
    demo = DemoApplication.create(DemoOptions.parse(List.of("--port", "0", "--db", "mem", "--admin-password", ADMIN_PASSWORD)));
    base = demo.serve();
    client = new DemoClient(base);
    admin = new DemoClient(base).login("admin", ADMIN_PASSWORD);
    profile = Files.createTempDirectory("scribe-console-chromium");
    System.setProperty("webdriver.chrome.driver", chromedriver.get().toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.get().toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=1440,960", "--hide-scrollbars");
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1440, 960));
    signIn();
  }

  /** The page asks anonymous visitors to sign in; the token it gets is kept for the tab's later pages. */
  private void signIn() {
    browser.get(base.resolve("/_scribe/").toString());
    WebElement form = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("signin")));
    assertThat(browser.findElement(By.id("main")).isDisplayed()).isFalse();
    form.findElement(By.name("name")).sendKeys("admin");
    form.findElement(By.name("password")).sendKeys(ADMIN_PASSWORD);
    browser.findElement(By.id("signin-submit")).click();
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("main")));
    assertThat(browser.findElement(By.id("who-name")).getText()).isEqualTo("admin");
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (demo != null) {
      demo.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  @Order(1)
  void theCatalogueRendersEveryEventOfTheDemoWithItsHandlersInOrder() {
    List<Map<String, Object>> managers = managers(admin.get("/_scribe/events").map());
    Set<String> expected = new LinkedHashSet<>();
    Map<String, Set<String>> handled = new LinkedHashMap<>();
    Map<String, Set<String>> events = new LinkedHashMap<>();
    for (Map<String, Object> manager : managers) {
      String tier = (String) manager.get("tier");
      for (Map<String, Object> event : list(manager.get("events"))) {
        List<String> handlers = new ArrayList<>();
        for (Map<String, Object> handler : list(event.get("handlers"))) {
          handlers.add((String) handler.get("name"));
        }
        expected.add(tier + "|" + manager.get("owner") + "|" + event.get("event") + "|" + String.join(",", handlers));
        events.computeIfAbsent(tier, t -> new LinkedHashSet<>()).add((String) event.get("event"));
        if (!handlers.isEmpty()) {
          handled.computeIfAbsent(tier, t -> new HashSet<>()).add((String) event.get("event"));
        }
      }
    }

    browser.get(base.resolve("/_scribe/#events").toString());
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".tiercol")));

    @SuppressWarnings("unchecked")
    List<String> shown = (List<String>) script("return Array.from(document.querySelectorAll("
        + "'#catalogue [data-owner][data-event]')).map(function (e) { return e.dataset.tier + '|' + e.dataset.owner"
        + " + '|' + e.dataset.event + '|' + Array.from(e.querySelectorAll('.handler')).map(function (h) {"
        + " return h.dataset.name; }).join(','); });");
    assertThat(expected).hasSizeGreaterThan(100);
    assertThat(shown).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(shown).anyMatch(line -> line.startsWith("repository|TaskRepository|verifyCreate|TaskRepository.verifyCreate"));
    for (Map.Entry<String, Set<String>> tier : events.entrySet()) {
      Set<String> nobody = new LinkedHashSet<>(tier.getValue());
      nobody.removeAll(handled.getOrDefault(tier.getKey(), Set.of()));
      List<String> chips = new ArrayList<>();
      for (WebElement chip : browser.findElements(By.cssSelector(".unhandled[data-tier='" + tier.getKey() + "'] .chip"))) {
        chips.add(chip.getAttribute("data-event"));
      }
      assertThat(chips).as("events nobody handles in the %s tier", tier.getKey()).containsExactlyElementsOf(nobody);
    }
  }

  @Test
  @Order(2)
  void aRequestMadeByTheTestAppearsWithItsHandlersInOrder() {
    TestResponse stored = client.post("/tasks", Map.of("title", "  Try the console  ", "priority", 2));
    assertThat(stored.status()).isEqualTo(201);
    String id = stored.header("X-Scribe-Request-Id");
    List<String> recorded = new ArrayList<>();
    for (Map<String, Object> entry : list(admin.get("/_scribe/requests/" + id).map().get("entries"))) {
      recorded.add((String) entry.get("handler"));
    }

    openRequest(id, null);

    List<String> shown = new ArrayList<>();
    for (WebElement entry : browser.findElements(By.cssSelector("#timeline .entry"))) {
      shown.add(entry.getAttribute("data-handler"));
    }
    assertThat(shown).isEqualTo(recorded).containsSubsequence("TaskController.onPreStore", "trimTitle",
        "TaskRepository.verifyCreate", "Task.prePersist", "AuditSubscriber.postCreate");
    WebElement trim = browser.findElement(By.cssSelector("#timeline .entry[data-handler='trimTitle']"));
    assertThat(trim.getText()).contains("params.title", "\"  Try the console  \"", "\"Try the console\"");
    assertThat(browser.findElements(By.cssSelector("#timeline .entry[data-tier='entity']"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#timeline .entry.raised"))).isEmpty();
    assertThat(Integer.parseInt(browser.findElement(By.id("statements")).getText())).isPositive();
  }

  @Test
  @Order(3)
  void aVetoIsShownOnTheHandlerThatRaisedIt() {
    assertThat(client.post("/tasks", Map.of("title", "Water the plants")).status()).isEqualTo(201);
    TestResponse refused = client.post("/tasks", Map.of("title", "Water the plants"));
    assertThat(refused.status()).isEqualTo(409);

    openRequest(refused.header("X-Scribe-Request-Id"), "409");

    List<WebElement> raised = browser.findElements(By.cssSelector("#timeline .entry.raised"));
    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).getAttribute("data-handler")).isEqualTo("TaskRepository.verifyCreate");
    assertThat(raised.get(0).getText()).contains("veto 409", "a task with this title is already open");
    assertThat(browser.findElement(By.cssSelector("#timeline .failure")).getText())
        .contains("Vetoed 409", "TaskRepository.verifyCreate");
    List<WebElement> entries = browser.findElements(By.cssSelector("#timeline .entry"));
    assertThat(entries.get(entries.size() - 1).getAttribute("data-handler"))
        .as("no handler runs after the veto").isEqualTo("TaskRepository.verifyCreate");
  }

  @Test
  @Order(4)
  void aScreenshotOfTheConsoleIsWrittenForTheReadme() throws IOException {
    client.get("/tasks?sort=-priority");
    client.get("/admin/tasks");
    Object first = client.get("/tasks").items().get(0).get("id");
    client.patch("/tasks/" + first, Map.of("completed", true));
    client.post("/tasks", Map.of("title", "Plan the release", "priority", 1));
    TestResponse refused = client.post("/tasks", Map.of("title", "Plan the release"));

    openRequest(refused.header("X-Scribe-Request-Id"), null);
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);

    Path file = projectRoot().resolve("docs").resolve("console.png");
    Files.createDirectories(file.getParent());
    Files.write(file, png);
    assertThat(Files.size(file)).isGreaterThan(20_000);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
    assertThat(image.getHeight()).isGreaterThanOrEqualTo(600);
    Set<Integer> colours = new HashSet<>();
    for (int x = 0; x < image.getWidth(); x += 7) {
      for (int y = 0; y < image.getHeight(); y += 7) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertThat(colours).as("distinct colours in the screenshot").hasSizeGreaterThan(20);
  }

  @Test
  @Order(5)
  void thePageLoadsQuicklyWith500RecordedRequests() {
    // Unrouted URLs: recorded like any request, and quick to answer, so that filling the console is quick.
    for (int i = 0; i < 500; i++) {
      client.get("/no-such-resource/" + i);
    }
    assertThat(admin.get("/_scribe/requests").map()).containsEntry("kept", 500);

    browser.get(base.resolve("/_scribe/").toString());
    new WebDriverWait(browser, WAIT).until(driver -> "true".equals(
        driver.findElement(By.tagName("body")).getAttribute("data-ready")));

    long readyMillis = Long.parseLong(browser.findElement(By.tagName("body")).getAttribute("data-ready-ms"));
    System.out.println("console page ready with 500 recorded requests after " + readyMillis + " ms");
    // Target: under 1 s; the margin is for a loaded CI machine.
    assertThat(readyMillis).isLessThan(3000);
    assertThat(browser.findElements(By.cssSelector("tr.req"))).hasSize(100);
    browser.findElement(By.id("load-more")).click();
    new WebDriverWait(browser, WAIT).until(driver -> driver.findElements(By.cssSelector("tr.req")).size() == 200);
  }

  @Test
  @Order(6)
  void hostileValuesAreShownAsTextAndRunNoScript() {
    String image = "<img src=x onerror=alert(1)>";
    String closing = "</script><script>alert(2)</script>";
    TestResponse stored = client.post("/tasks", Map.of("title", "  " + image + " " + closing + "  "));
    assertThat(stored.status()).isEqualTo(201);
    TestResponse path = client.get("/tasks/%3Csvg%20onload=alert(3)%3E?q=%3Cscript%3Ealert(4)%3C/script%3E");
    assertThat(path.status()).isGreaterThanOrEqualTo(400);

    openRequest(stored.header("X-Scribe-Request-Id"), null);
    assertNoDialog();
    // textContent: the list item cuts long values off with an ellipsis where the window ends
    assertThat(browser.findElement(By.cssSelector("#timeline .entry[data-handler='trimTitle'] .changes .new"))
        .getAttribute("textContent")).isEqualTo("\"" + image + " " + closing + "\"");
    assertThat(browser.findElements(By.cssSelector("#detail img, #detail script, #request-rows img"))).isEmpty();

    openRequest(path.header("X-Scribe-Request-Id"), null);
    assertNoDialog();
    assertThat(browser.findElement(By.cssSelector("#timeline h2")).getText())
        .isEqualTo("GET /tasks/<svg onload=alert(3)>?q=%3Cscript%3Ealert(4)%3C/script%3E");
    assertThat(browser.findElement(By.cssSelector("tr.req[data-id='" + path.header("X-Scribe-Request-Id") + "'] td.url"))
        .getAttribute("textContent")).startsWith("/tasks/<svg onload=alert(3)>");
    assertThat(browser.findElements(By.cssSelector("svg"))).isEmpty();

    // an id in the page's URL and hostile filters: answered as text, the page goes on working
    browser.get(base.resolve("/_scribe/#request=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(5)%3E").toString());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(driver -> driver.findElement(By.cssSelector("#detail")).getText().contains("Cannot show request"));
    assertNoDialog();
    assertThat(browser.findElement(By.cssSelector("#detail")).getText()).contains("<img src=x onerror=alert(5)>");
    WebElement status = browser.findElement(By.name("status"));
    status.sendKeys("\"><svg onload=alert(6)>");
    browser.findElement(By.name("handler")).sendKeys(image);
    status.submit();
    wait.until(driver -> driver.findElement(By.id("more")).getText().contains("Cannot list requests"));
    assertNoDialog();
    assertThat(browser.findElement(By.id("more")).getText()).contains("status filter '\"><svg onload=alert(6)>'");
    assertThat(browser.findElements(By.cssSelector("svg, img"))).isEmpty();
  }

  @Test
  @Order(7)
  void aRightToLeftOverrideInAValueStaysInsideIt() {
    // U+202E reverses the text after it up to the end of its paragraph: within a value, not into the next one.
    // A recorded string shows it as \u202E; a URL path keeps it as the client sent it.
    // (inside the title: trimTitle takes an invisible character off its ends as it takes spaces)
    TestResponse title = client.post("/tasks", Map.of("title", "  a\u202Eexe.txt"));
    assertThat(title.status()).isEqualTo(201);
    TestResponse path = client.get("/no-such-resource/%E2%80%AEexe.txt?x=1");
    assertThat(path.status()).isEqualTo(404);

    openRequest(title.header("X-Scribe-Request-Id"), null);
    WebElement change = browser.findElement(By.cssSelector("#timeline .entry[data-handler='trimTitle'] .changes .new"));
    assertThat(change.getAttribute("textContent")).isEqualTo("\"a\\u202Eexe.txt\"");

    openRequest(path.header("X-Scribe-Request-Id"), null);
    WebElement heading = browser.findElement(By.cssSelector("#timeline h2"));
    @SuppressWarnings("unchecked")
    List<Number> edges = (List<Number>) script("return Array.from(arguments[0].querySelectorAll('.v')).map(function (v) {"
        + " var r = v.getBoundingClientRect(); return [r.left, r.right]; }).flat();", heading);
    // the URL and the query each in one piece, left to right as written
    assertThat(edges).hasSize(4);
    assertThat(edges.get(1).doubleValue()).isLessThanOrEqualTo(edges.get(2).doubleValue());
  }

  @Test
  @Order(8)
  void aRequestIdThatIsNotPercentEncodedProperlyIsAnsweredOnThePage() {
    browser.get(base.resolve("/_scribe/").toString());
    new WebDriverWait(browser, WAIT).until(driver -> "true".equals(
        driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    browser.get(base.resolve("/_scribe/#request=100%25%E0%A4").toString().replace("%25", "%"));

    new WebDriverWait(browser, WAIT).until(driver -> driver.findElement(By.id("detail")).getText()
        .contains("Cannot show request 100%%E0%A4"));
    assertThat(browser.findElements(By.cssSelector("tr.req"))).isNotEmpty();
  }

  private void assertNoDialog() {
    try {
      throw new AssertionError("a dialog opened: " + browser.switchTo().alert().getText());
    } catch (NoAlertPresentException expected) {
      // no script of a recorded value ran
    }
  }

  /** Opens the console, optionally filters by status, and clicks the request's row. */
  private void openRequest(String id, String status) {
    browser.get(base.resolve("/_scribe/").toString());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    // The list is redrawn when it loads: a row found just before is then gone, and looked up again.
    wait.ignoring(StaleElementReferenceException.class);
    wait.until(driver -> "true".equals(driver.findElement(By.tagName("body")).getAttribute("data-ready")));
    if (status != null) {
      WebElement field = browser.findElement(By.name("status"));
      field.sendKeys(status);
      field.submit();
      wait.until(driver -> driver.findElements(By.cssSelector("tr.req")).stream()
          .allMatch(row -> status.equals(row.getAttribute("data-status"))));
    }
    By row = By.cssSelector("tr.req[data-id='" + id + "']");
    wait.until(ExpectedConditions.elementToBeClickable(row)).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline[data-id='" + id + "']")));
  }

  private Object script(String javascript, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(javascript, arguments);
  }

  private static Optional<Path> find(String property, List<String> candidates) {
    List<String> paths = new ArrayList<>();
    if (System.getProperty(property) != null) {
      paths.add(System.getProperty(property));
    }
    paths.addAll(candidates);
    return paths.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  /** The project's root directory: the parent of scribe-demo, where the tests run. */
  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.exists(here.resolve("scribe-demo")) ? here : here.getParent();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> managers(Map<String, Object> catalogue) {
    return (List<Map<String, Object>>) catalogue.get("managers");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Object value) {
    return (List<Map<String, Object>>) value;
  }
}
