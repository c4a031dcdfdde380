package dev.scribe.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.common.eventbus.EventBus;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, on the second core, the libraries the start-up needs after Hibernate has booted — Bean
 * Validation, Jetty, Jackson, Guava's EventBus — while the main thread boots Hibernate. Most of a cold
 * start is class loading; doing it in parallel takes a large share off the time to the first answer.
 * Nothing built here is kept, and a failure only costs the head start.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private Warmup() {}

  static void startInBackground() {
    Thread thread = new Thread(Warmup::run, "scribe-demo-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void run() {
    try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
      validation.getValidator().validate(new Task());
      Server server = new Server();
      new ServerConnector(server);
      new ServletContextHandler();
      new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsString(Map.of("at", Instant.now()));
      new EventBus("warmup").post(new Object());
    } catch (Exception | LinkageError e) {
      LOG.debug("warm-up skipped: {}", e.toString());
    }
  }
}
