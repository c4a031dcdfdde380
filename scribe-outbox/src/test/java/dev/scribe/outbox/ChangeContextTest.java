package dev.scribe.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The user and trace id of this thread's changes, as contexts open and close. */
class ChangeContextTest {

  @AfterEach
  void noContextLeftOpen() {
    assertThat(ChangeContext.currentUser()).isNull();
  }

  @Test
  void nestedContextsRestoreTheOuterOneOnClose() {
    try (ChangeContext outer = ChangeContext.open("alice", "req-1")) {
      try (ChangeContext inner = ChangeContext.open("job", "req-2")) {
        assertThat(ChangeContext.currentUser()).isEqualTo("job");
        assertThat(ChangeContext.currentTraceId()).isEqualTo("req-2");
      }
      assertThat(ChangeContext.currentUser()).isEqualTo("alice");
      assertThat(ChangeContext.currentTraceId()).isEqualTo("req-1");
    }
  }

  @Test
  void closingAContextTwiceLeavesTheContextOpenedSinceInPlace() {
    ChangeContext alice = ChangeContext.open("alice", "req-1");
    ChangeContext job = ChangeContext.open("job", "req-2");
    job.close();
    try (ChangeContext bob = ChangeContext.open("bob", "req-3")) {
      job.close();   // a second close, e.g. an explicit one before try-with-resources closes it again

      assertThat(ChangeContext.currentUser()).isEqualTo("bob");
      assertThat(ChangeContext.currentTraceId()).isEqualTo("req-3");
    }
    assertThat(ChangeContext.currentUser()).isEqualTo("alice");
    alice.close();
    alice.close();
  }

  @Test
  void aContextClosedOutOfOrderLeavesTheInnerOneAndIsNotRestoredAfterIt() {
    ChangeContext alice = ChangeContext.open("alice", "req-1");
    ChangeContext job = ChangeContext.open("job", "req-2");
    alice.close();
    assertThat(ChangeContext.currentUser()).isEqualTo("job");
    job.close();
    assertThat(ChangeContext.currentUser()).isNull();
  }
}
