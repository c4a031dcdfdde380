package dev.scribe.controller.internal.files;

import dev.scribe.controller.ActionRequest;
import dev.scribe.controller.ActionResponse;
import dev.scribe.controller.AttachmentStore;
import dev.scribe.controller.Controller;
import dev.scribe.controller.ControllerOptions;
import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.http.BodyBuffering;
import dev.scribe.controller.http.problem.HttpVeto;
import dev.scribe.controller.http.problem.Problems;
import dev.scribe.controller.http.problem.StorageFailure;
import dev.scribe.controller.internal.action.AccessCheck;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.controller.internal.action.ActionCall;
import dev.scribe.controller.internal.action.ActionRunner;
import dev.scribe.controller.internal.action.ActionSteps;
import dev.scribe.controller.internal.action.ErrorResponder;
import dev.scribe.controller.internal.action.ResponseReset;
import dev.scribe.controller.internal.action.StreamingSlots;
import dev.scribe.controller.internal.request.NotModified;
import dev.scribe.controller.internal.request.Parent;
import dev.scribe.controller.internal.view.EntityView;
import dev.scribe.controller.internal.view.FrontEndOptions;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventManager;
import dev.scribe.core.HandlerInfo;
import dev.scribe.core.HandlerSpec;
import dev.scribe.core.Options;
import dev.scribe.core.TraceScope;
import dev.scribe.core.Veto;
import dev.scribe.repository.CallOptions;
import dev.scribe.repository.DataStore;
import dev.scribe.repository.Repository;
import dev.scribe.repository.RecordNotFoundException;
import dev.scribe.repository.UnitOfWork;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file attachments of one controller's records ({@code /tasks/{id}/files/{name}}): upload, download, delete
 * and list, each an action in one unit of work with {@code onInit}, the record loaded through the repository
 * (row scope applied: 404 outside it), {@code onPre<Action>}, the work, {@code onPost<Action>}; a failure is
 * answered through {@code onError} with {@code action} set. Rows go to {@link AttachmentTable}, bytes to the
 * {@link AttachmentStore}. A record's files are removed when the record is deleted, by any delete: single,
 * batch, by query, in process.
 */
public final class Attachments<E, ID> {
  /** A download reads a file's row and bytes again this many times at most when a replace removed the bytes meanwhile. */
  private static final int DOWNLOAD_ATTEMPTS = 3;
  /** The longest key a store may answer: the {@code blob_key} column of {@code scribe_attachments}. */
  private static final int MAX_KEY_CHARS = 64;
  /** The key-lock space of a record's files (see {@link UnitOfWork#lock}). */
  private static final String FILE_LOCKS = "scribe-attachment-files";
  /** The option: the most bytes one file may have. */
  static final String MAX_BYTES = ControllerOptions.MAX_FILE_BYTES.name();
  /** The option: the media types files may have (none: any). */
  static final String TYPES = ControllerOptions.FILE_TYPES.name();

  /** The name of the handlers that remove a deleted record's files (see {@link #removalName}). */
  private static final String REMOVE_FILES = "attachments.removeFiles";

  private static final Logger LOG = LoggerFactory.getLogger("dev.scribe.controller");

  private final Controller<E, ID> controller;
  private final AttachmentStore store;
  private final Repository<E, ID> repository;
  private final DataStore data;
  private final EntityView<E> view;

  public Attachments(Controller<E, ID> controller, AttachmentStore store) {
    this.controller = controller;
    this.store = store;
    this.repository = controller.repository();
    this.data = repository.store();
    this.view = new EntityView<>(repository.model(), data);
    AttachmentTable.create(data);
    store.prepare(data);
    // Every delete of a record goes through postDelete, whatever the route (single, batch, by query, in process);
    // a record that goes with another, by cascade or as an orphan, only through its entity's postRemove.
    repository.events().on(HandlerSpec.of("postDelete").name(removalName(repository.events(), "postDelete")),
        this::removeFiles);
    EventManager entityEvents = data.entities().events(repository.model().type());
    entityEvents.on(HandlerSpec.of("postRemove").name(removalName(entityEvents, "postRemove")), this::removeFilesOfRemoved);
  }

  /**
   * {@code attachments.removeFiles}, or {@code attachments.removeFiles#2} and on when another controller over the same
   * repository keeps attachments too: a handler name is one handler's, and each controller's removal must run.
   */
  private static String removalName(EventManager events, String event) {
    Set<String> taken = new HashSet<>();
    for (HandlerInfo handler : events.handlers(event)) {
      taken.add(handler.name());
    }
    String name = REMOVE_FILES;
    for (int n = 2; taken.contains(name); n++) {
      name = REMOVE_FILES + "#" + n;
    }
    return name;
  }

  public AttachmentStore store() {
    return store;
  }

  /** Serves one file action; answers null when it wrote the response itself (a download), else the answer to send. */
  public ActionResponse serve(FileAction action, ActionRequest request, String name, HttpServletRequest req,
      HttpServletResponse resp, ActionRunner<E, ID> runner) throws IOException {
    String resource = request.resource() != null ? request.resource() : repository.name();
    String path = resource + "." + action.id;
    Options options = controller.config().resolve(path);
    ActionCall call = ActionCall.start(controller, null, action.id, resource, path, request, options, false);
    try (TraceScope scope = data.scribe().openTrace()) {
      if (scope.trace() != null) {
        call.args.put(EventArgs.TRACE, scope.trace());
      }
      try {
        return execute(action, call, name, req, resp, runner);
      } catch (RuntimeException e) {
        if (resp.isCommitted()) {
          // most often the client went away mid-download: a line, not a stack trace per client
          LOG.info("request {} ({}): the download stopped after its first bytes ({}); the connection is aborted",
              ErrorResponder.requestId(request), path, Problems.rootCause(e));
          throw new IOException("download of " + path + " aborted", e);
        }
        ResponseReset.keepingCachePolicy(resp);
        return runner.errors().respond(call, e);
      }
    }
  }

  private ActionResponse execute(FileAction action, ActionCall call, String name, HttpServletRequest req,
      HttpServletResponse resp, ActionRunner<E, ID> runner) {
    access(call, action);
    // a file route reads no filter: ?name=b.txt on the list, ?dryRun=true on an upload were taken without a word
    ActionRunner.refuseUnknownParameters(call);
    FrontEndOptions.parse(call.request.query(), runner.view(), call).copyInto(call.frontEndOptions());
    call.args.put(EventArgs.ID, ActionSteps.urlId(repository, call.request.id()));
    if (action != FileAction.LIST) {
      call.args.put(ControllerTier.FILE_NAME, FileNames.check(name, call.path));
    }
    Parent parent = Parent.resolve(call.request, view, data);
    switch (action) {
      case UPLOAD:
        return upload(call, parent, req, runner);
      case DOWNLOAD:
        return download(call, parent, req, resp, runner);
      case DELETE:
        return delete(call, parent, req, runner);
      default:
        return list(call, parent, runner);
    }
  }

  /**
   * The record action's checks as well as the file action's own: {@code requiresUser} / {@code requiresRole} of
   * {@code <resource>.update} (or {@code .show}) apply too, and {@code editable: false} there refuses writes (405).
   */
  private void access(ActionCall call, FileAction action) {
    Options like = controller.config().resolve(call.resource + "." + action.like.id);
    AccessCheck.checkLike(controller, call, like);
    if (action.like == Action.UPDATE && !writable(controller, call.resource, action)) {
      throw HttpVeto.methodNotAllowed(action.id + " is disabled on " + call.path + ": it changes the record, and option"
          + " 'editable' is false", methods(controller, call.resource, true));
    }
  }

  /**
   * The methods a file's URL ({@code file}) or the list's of {@code resource} allows: reading always; PUT and DELETE
   * while option {@code editable} holds at {@code <resource>.update} and at the file action's own path. Every answer
   * there names these, so that OPTIONS does not offer a method its 405 refuses.
   */
  public static List<String> methods(Controller<?, ?> controller, String resource, boolean file) {
    List<String> allowed = new ArrayList<>(List.of("GET", "HEAD"));
    if (file && writable(controller, resource, FileAction.UPLOAD)) {
      allowed.add("PUT");
    }
    if (file && writable(controller, resource, FileAction.DELETE)) {
      allowed.add("DELETE");
    }
    return List.copyOf(allowed);
  }

  private static boolean writable(Controller<?, ?> controller, String resource, FileAction action) {
    return controller.config().resolve(resource + "." + Action.UPDATE.id).bool(ControllerOptions.EDITABLE.name(), true)
        && ControllerOptions.EDITABLE.in(controller.config().resolve(resource + "." + action.id));
  }

  /** onInit, the record (row scope; 404 when missing or under another parent), its owner key. */
  private String begin(ActionCall call, Parent parent, ActionRunner<E, ID> runner) {
    runner.steps().beginInit(call, parent);
    return String.valueOf(view.id(Parent.loadItem(call, parent, repository, view)));
  }

  private ActionResponse upload(ActionCall call, Parent parent, HttpServletRequest req, ActionRunner<E, ID> runner) {
    long limit = FileStreams.maxBytes(call.options);
    if (req.getHeader("Content-Range") != null) {
      // RFC 9110, 14.5: a PUT with Content-Range is a partial write, which replacing the file would truncate
      throw new HttpVeto(400, call.path + " replaces the whole file; a PUT with Content-Range (a part of it) is not"
          + " supported: send the whole file without Content-Range", Map.of());
    }
    String type = FileNames.mediaType(req.getHeader("Content-Type"));
    FileNames.checkType(call.options, type, call.path);
    long declared = req.getContentLengthLong();
    if (declared > limit) {
      throw FileStreams.tooLarge(call, limit, declared);
    }
    call.args.put(ControllerTier.CONTENT_TYPE, type);
    call.args.put(ControllerTier.SIZE, declared >= 0 ? declared : null);
    if (Boolean.TRUE.equals(req.getAttribute(BodyBuffering.COMPLETE))) {
      // the server already holds the whole body: reading it inside the unit never waits for the client
      try {
        return uploadInUnit(call, parent, req, req.getInputStream(), runner, limit);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // A larger body arrives at its client's pace into a temporary file first, so that a slow client holds no
    // connection, streaming slot or file lock meanwhile; the unit then writes it to the store at the disk's pace,
    // within the streaming slots, as a large write still holds a connection while its bytes are copied. What
    // can be refused without the body is refused before it is read: a client that sent Expect: 100-continue is
    // then answered before it is invited to send megabytes.
    refuseBeforeBody(call, parent);
    try (UploadSpool spool = UploadSpool.receive(call, req, limit)) {
      try (StreamingSlots.Held slots = StreamingSlots.take(data, call.path, "uploads and exports are already streaming");
          java.io.InputStream bytes = spool.bytes()) {
        return uploadInUnit(call, parent, req, bytes, runner, limit);
      } catch (IOException closing) {
        throw new UncheckedIOException(closing);
      }
    }
  }

  /**
   * The refusals of an upload that need no byte of its body, checked in a short unit of its own before a large
   * body is received: a malformed condition (400), the parent or the record missing or outside the caller's row
   * scope (404), {@code If-Match} / {@code If-None-Match} / {@code If-Unmodified-Since} failing against the file
   * as it is now (412). No handler runs and nothing is locked or written; the upload's own unit checks all of it
   * again once the body has arrived, as the record or the file may change meanwhile.
   */
  private void refuseBeforeBody(ActionCall call, Parent parent) {
    FileHeaders.refuseMalformed(call);
    data.inTransaction(() -> {
      UnitOfWork unit = data.currentUnitOfWork().orElseThrow();
      if (parent != null) {
        parent.requireExists();
      }
      @SuppressWarnings("unchecked")
      E entity = repository.get((ID) call.args.id(), CallOptions.builder().path(call.path)
          .frontEndOptions(call.frontEndOptions()).user(call.request.user()).build());
      if (parent != null) {
        parent.check(call, entity, view);
      }
      String recordId = String.valueOf(view.id(entity));
      Attachment existing = AttachmentTable.find(unit, repository.name(), recordId,
          (String) call.args.get(ControllerTier.FILE_NAME), false);
      FileHeaders.preconditions(call, existing, true);
    });
  }

  private ActionResponse uploadInUnit(ActionCall call, Parent parent, HttpServletRequest req, java.io.InputStream bytes,
      ActionRunner<E, ID> runner, long limit) {
    return data.inTransaction(() -> {
      UnitOfWork unit = data.currentUnitOfWork().orElseThrow();
      String recordId;
      try {
        recordId = begin(call, parent, runner);
      } catch (RecordNotFoundException missing) {
        // a malformed condition is the client's first mistake, as on a delete; checked here rather than before
        // the record so that, when the file exists, its message can show the file's own tag
        FileHeaders.refuseMalformed(call);
        throw missing;
      }
      lockFilesOfLiveRecord(unit, recordId, call.args.get(EventArgs.ENTITY));
      String name = (String) call.args.get(ControllerTier.FILE_NAME);
      Attachment existing = AttachmentTable.find(unit, repository.name(), recordId, name, true);
      call.args.put(ControllerTier.REPLACE, existing != null);
      FileHeaders.preconditions(call, existing, true);
      controller.events().fire(FileAction.UPLOAD.pre, call.args);
      // What onPreUpload left is what is stored: a handler may rename the file or correct its type.
      String finalName = FileNames.check(call.args.get(ControllerTier.FILE_NAME), call.path);
      if (!finalName.equals(name)) {
        existing = AttachmentTable.find(unit, repository.name(), recordId, finalName, true);
        call.args.put(ControllerTier.REPLACE, existing != null);
        // the request's conditions are about the file it writes: If-None-Match: * must not replace the renamed one
        FileHeaders.preconditions(call, existing, true);
      }
      String finalType = FileNames.mediaType((String) call.args.get(ControllerTier.CONTENT_TYPE));
      FileNames.checkType(call.options, finalType, call.path);
      UploadStream body = new UploadStream(bytes, limit);
      String key;
      try {
        key = store.write(unit, body);
      } catch (IOException | RuntimeException e) {
        if (body.exceeded()) {
          throw FileStreams.tooLarge(call, limit, -1);
        }
        if (e instanceof RuntimeException) {
          throw (RuntimeException) e;
        }
        if (!body.readFailed()) {
          // the body arrived; writing it failed (a full disk, a store that cannot be reached): the server's side
          throw StorageFailure.of("the file store of " + call.path + " could not write the upload", "nothing was stored", (IOException) e);
        }
        throw Problems.unreadBody(e, Problems.serverStopping(req), "the body of " + call.path, "nothing was stored",
            "send the whole file again");
      }
      if (body.exceeded()) {
        throw FileStreams.tooLarge(call, limit, -1);
      }
      requireKey(key);
      Attachment saved = new Attachment(finalName, finalType, body.count(), body.digest(), System.currentTimeMillis(), key);
      AttachmentTable.save(unit, repository.name(), recordId, saved, existing != null);
      if (existing != null) {
        store.delete(unit, existing.key());
      }
      call.args.put(ControllerTier.SIZE, saved.size());
      call.args.result(saved.toMap());
      controller.events().fire(FileAction.UPLOAD.post, call.args);
      ActionResponse response = runner.steps().respond(call, existing == null ? 201 : 200)
          .withHeader("ETag", saved.etag())
          .withHeader("Last-Modified", FileHeaders.httpDate(saved.modifiedMillis()));
      return existing == null ? response.withHeader("Location", runner.steps().itemUri(call, parent, recordId)
          + "/files/" + URLEncoder.encode(finalName, StandardCharsets.UTF_8).replace("+", "%20")) : response;
    });
  }

  /**
   * Refuses a key the store answered against its contract as the server's failure, naming the store: its row
   * refused a null or overlong key as a missing or too long value, and the client was answered a 422.
   */
  private void requireKey(String key) {
    if (key == null || key.isBlank() || key.length() > MAX_KEY_CHARS) {
      throw new IllegalStateException(store.getClass().getName() + ".write answered "
          + (key == null ? "null" : key.isBlank() ? "a blank key" : "a key of " + key.length() + " characters")
          + " as the key of the bytes it wrote; an AttachmentStore answers a key of 1 to " + MAX_KEY_CHARS
          + " characters, under which open and delete find the bytes");
    }
  }

  private ActionResponse download(ActionCall call, Parent parent, HttpServletRequest req, HttpServletResponse resp,
      ActionRunner<E, ID> runner) {
    boolean head = req.getMethod().equals("HEAD");
    call.args.put(ControllerTier.HEAD, head);
    Prepared prepared = null;
    for (int attempt = 1; prepared == null; attempt++) {
      try {
        prepared = prepare(call, parent, runner, head);
      } catch (UncheckedIOException e) {
        // A replace or delete committed between this unit's read of the file's row and of its bytes removed
        // them: read the row again, which names the new bytes or no file (404).
        if (attempt == DOWNLOAD_ATTEMPTS || !(e.getCause() instanceof java.io.FileNotFoundException
            || e.getCause() instanceof java.nio.file.NoSuchFileException)) {
          throw e;
        }
      }
    }
    // written once the unit of work has ended: the response holds no database connection however slow its client
    try (FileStreams.Spool bytes = prepared.bytes()) {
      FileStreams.answer(bytes, prepared.file(), prepared.range(), prepared.notModified(), head, prepared.type(), resp);
    }
    return null;
  }

  private Prepared prepare(ActionCall call, Parent parent, ActionRunner<E, ID> runner, boolean head) {
    return data.inTransaction(() -> {
      UnitOfWork unit = data.currentUnitOfWork().orElseThrow();
      String recordId = begin(call, parent, runner);
      Attachment file = required(call, unit, recordId);
      call.args.put(ControllerTier.FILE, file.toMap());
      controller.events().fire(FileAction.DOWNLOAD.pre, call.args);
      FileHeaders.readPreconditions(call, file);
      boolean notModified = FileHeaders.notModified(call, file);
      ByteRange range = notModified || !FileHeaders.ifRangeHolds(call, file) ? null
          : ByteRange.parse(call.request.header("Range"), file.size());
      call.args.put(ControllerTier.NOT_MODIFIED, notModified);
      call.args.put(ControllerTier.RANGE, range == null ? null : range.contentRange());
      Map<String, Object> result = file.toMap();
      call.args.result(result);
      controller.events().fire(FileAction.DOWNLOAD.post, call.args);
      Object type = call.args.result() instanceof Map ? ((Map<?, ?>) call.args.result()).get("contentType") : null;
      FileStreams.Spool bytes = notModified || head ? FileStreams.Spool.empty() : FileStreams.spool(store, unit, file, range, call.path);
      return new Prepared(file, range, notModified, type, bytes);
    });
  }

  /** What a download answers, decided inside its unit of work. */
  private record Prepared(Attachment file, ByteRange range, boolean notModified, Object type, FileStreams.Spool bytes) {}

  private ActionResponse delete(ActionCall call, Parent parent, HttpServletRequest req, ActionRunner<E, ID> runner) {
    refuseBody(call, req);
    // a delete of a missing file is a 404: a malformed condition is refused before, as on the record's own URL
    FileHeaders.refuseMalformed(call);
    return data.inTransaction(() -> {
      UnitOfWork unit = data.currentUnitOfWork().orElseThrow();
      String recordId = begin(call, parent, runner);
      lockFiles(unit, recordId);
      Attachment file = AttachmentTable.find(unit, repository.name(), recordId, (String) call.args.get(ControllerTier.FILE_NAME), true);
      if (file == null) {
        throw missing(call);
      }
      call.args.put(ControllerTier.FILE, file.toMap());
      FileHeaders.preconditions(call, file, false);
      controller.events().fire(FileAction.DELETE.pre, call.args);
      AttachmentTable.delete(unit, repository.name(), recordId, file.name());
      store.delete(unit, file.key());
      call.args.result(null);
      controller.events().fire(FileAction.DELETE.post, call.args);
      return runner.steps().respond(call, 204);
    });
  }

  /**
   * A 400 for a body sent with the DELETE of a file, as on the DELETE of a record: it was passed over and the file
   * deleted, when the client most likely meant the body (a list of names, say) to say what to delete.
   */
  private static void refuseBody(ActionCall call, HttpServletRequest req) {
    if (FileStreams.hasBody(req)) {
      throw new Veto(400, call.path + " takes no body: it deletes the file its URL names, and only that one; send"
          + " DELETE " + req.getRequestURI() + " without a body");
    }
  }

  private ActionResponse list(ActionCall call, Parent parent, ActionRunner<E, ID> runner) {
    return data.inTransaction(() -> {
      UnitOfWork unit = data.currentUnitOfWork().orElseThrow();
      String recordId = begin(call, parent, runner);
      controller.events().fire(FileAction.LIST.pre, call.args);
      List<Object> items = new ArrayList<>();
      for (Attachment file : AttachmentTable.list(unit, repository.name(), recordId)) {
        items.add(file.toMap());
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("items", items);
      call.args.result(body);
      controller.events().fire(FileAction.LIST.post, call.args);
      // the list has no ETag: an If-Match naming a tag is a 412, as on an index
      return NotModified.check(call, runner.steps().respond(call, 200));
    });
  }

  /** The repository's {@code postDelete}: the record's rows go in its transaction, its bytes as the store decides. */
  private void removeFiles(EventArgs args) {
    removeFilesOf(args.get(EventArgs.ENTITY));
  }

  /**
   * The entity's {@code postRemove}, after its row's DELETE: also fires for a record deleted by cascade or
   * orphan removal, which no repository call deletes. After a repository delete it finds nothing left.
   */
  private void removeFilesOfRemoved(EventArgs args) {
    removeFilesOf(args.self());
  }

  private void removeFilesOf(Object deleted) {
    UnitOfWork unit = data.currentUnitOfWork().orElse(null);
    if (!repository.model().type().isInstance(deleted) || unit == null) {
      return;
    }
    E entity = repository.model().type().cast(deleted);
    String recordId = String.valueOf(view.id(entity));
    // an upload to the record in progress finishes first, and its row is removed here with the others
    lockFiles(unit, recordId);
    for (String key : AttachmentTable.deleteAll(unit, repository.name(), recordId)) {
      store.delete(unit, key);
    }
  }

  /**
   * Takes the key lock of the record's files until the unit ends: uploads, file deletes and the removal of a
   * deleted record's files run one after the other. Without it two uploads of a new name (or one racing a
   * delete) both found no row and the second insert was a 409, where an unconditional PUT means "replace
   * it"; and an upload racing its record's delete left a file row of a deleted record.
   */
  private void lockFiles(UnitOfWork unit, String recordId) {
    unit.lock(FILE_LOCKS, repository.name() + '/' + recordId);
  }

  /**
   * {@link #lockFiles}, then a check that the record is still there: an upload racing the record's delete
   * either finishes before the delete removes the record's files (its row among them) or finds the record
   * gone (404).
   */
  private void lockFilesOfLiveRecord(UnitOfWork unit, String recordId, Object loaded) {
    lockFiles(unit, recordId);
    Object id = repository.model().idOf(loaded);
    long rows = unit.entityManager().createQuery("select count(e) from " + repository.model().name() + " e where e."
        + repository.model().id().name() + " = :id", Long.class).setParameter("id", id).getSingleResult();
    if (rows == 0) {
      throw new RecordNotFoundException(repository.model().displayName(), id);
    }
  }

  private Attachment required(ActionCall call, UnitOfWork unit, String recordId) {
    Attachment file = AttachmentTable.find(unit, repository.name(), recordId, (String) call.args.get(ControllerTier.FILE_NAME), false);
    if (file == null) {
      throw missing(call);
    }
    return file;
  }

  private Veto missing(ActionCall call) {
    return new Veto(404, view.entityName() + " " + call.args.id() + " has no file '" + call.args.get(ControllerTier.FILE_NAME)
        + "'; GET its files URL lists the files it has");
  }
}
