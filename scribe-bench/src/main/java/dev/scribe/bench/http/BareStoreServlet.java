package dev.scribe.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baseline of the HTTP benchmark: a bare servlet that does what a store through the controller
 * tier does, by hand: read the JSON body, build the entity, insert it with plain Hibernate in one
 * transaction, answer 201 with {@code Location} and the record as JSON.
 */
public final class BareStoreServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient EntityManagerFactory factory;
  private final transient ObjectMapper mapper;

  public BareStoreServlet(EntityManagerFactory factory, ObjectMapper mapper) {
    this.factory = factory;
    this.mapper = mapper;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Map<?, ?> params;
    try (InputStream in = req.getInputStream()) {
      params = mapper.readValue(in, Map.class);
    }
    BenchTask task = new BenchTask();
    task.title = (String) params.get("title");
    Object priority = params.get("priority");
    task.priority = priority == null ? null : ((Number) priority).intValue();
    Object done = params.get("done");
    task.done = done != null && (Boolean) done;
    EntityManager em = factory.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      em.persist(task);
      tx.commit();
    } finally {
      if (tx.isActive()) {
        tx.rollback();
      }
      em.close();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", task.id);
    body.put("version", task.version);
    body.put("title", task.title);
    body.put("priority", task.priority);
    body.put("done", task.done);
    byte[] bytes = mapper.writeValueAsBytes(body);
    resp.setStatus(201);
    resp.setHeader("Location", req.getContextPath() + req.getServletPath() + "/" + task.id);
    resp.setHeader("ETag", "\"" + task.version + "\"");
    resp.setContentType("application/json");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
