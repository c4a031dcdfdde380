package dev.scribe.controller.internal.files;

import dev.scribe.controller.ControllerTier;
import dev.scribe.controller.internal.action.Action;
import dev.scribe.core.Event;

/**
 * The four actions of file attachments, each with its pre and post event, and the record action whose
 * permissions it takes: uploading and deleting a file write the record (those of {@code update}), listing and
 * downloading read it (those of {@code show}).
 */
public enum FileAction {
  UPLOAD("upload", "Upload", Action.UPDATE),
  DOWNLOAD("download", "Download", Action.SHOW),
  DELETE("deleteFile", "DeleteFile", Action.UPDATE),
  LIST("listFiles", "ListFiles", Action.SHOW);

  final String id;
  final Event pre;
  final Event post;
  final Action like;

  FileAction(String id, String eventSuffix, Action like) {
    this.id = id;
    this.pre = ControllerTier.TIER.event("onPre" + eventSuffix);
    this.post = ControllerTier.TIER.event("onPost" + eventSuffix);
    this.like = like;
  }

  /** The action of that id ({@code upload}, {@code download}, ...). */
  public static FileAction byId(String id) {
    for (FileAction action : values()) {
      if (action.id.equals(id)) {
        return action;
      }
    }
    throw new AssertionError("no file action '" + id + "'");
  }
}
