package dev.scribe.testing;

import java.util.Map;

/**
 * One event as an {@link EventRecorder} saw it fire.
 *
 * <p>Contract: {@code args} is a snapshot taken before the event's first handler ran: the keys and values
 * then, maps and collections copied so that later changes do not show (Hibernate's lazy collections
 * excepted), every other value (entities, options) as the same instance. {@code completed} is false when a handler vetoed or threw, and
 * then {@code stoppedBy} and {@code failure} say which handler and what it threw when the application
 * traces ({@code Scribe.builder().trace(true)}), else they are null.
 *
 * <pre>{@code
 * RecordedEvent verify = recorder.last("verifyDelete");
 * assertThat(verify.completed()).isFalse();
 * assertThat(verify.stoppedBy()).isEqualTo("NoteRepository.verifyDelete");
 * }</pre>
 *
 * @param label     the tier name, or the label given to {@link EventRecorder#record(dev.scribe.core.EventManager, String)}
 * @param event     the event name, e.g. {@code preCreate}
 * @param path      the context path, e.g. {@code tasks.store}, or null
 * @param args      the args as the first handler received them
 * @param completed true when every handler of the event ran without throwing
 * @param stoppedBy the name of the handler that vetoed or threw, when known
 * @param failure   what it threw, e.g. {@code veto 409: note 1 is pinned}, when known
 */
public record RecordedEvent(String label, String event, String path, Map<String, Object> args, boolean completed,
    String stoppedBy, String failure) {

  /** {@code label.event}, e.g. {@code repository.preCreate}. */
  public String name() {
    return label + "." + event;
  }

  /** The snapshot's value of {@code key}. */
  public Object arg(String key) {
    return args.get(key);
  }

  @Override
  public String toString() {
    return name() + (path == null ? "" : " @" + path) + (completed ? "" : " stopped" + (stoppedBy == null ? ""
        : " by " + stoppedBy + ": " + failure));
  }
}
