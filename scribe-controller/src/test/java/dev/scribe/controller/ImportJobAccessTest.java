package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An import job is read by the caller who started it only: another caller, an admin or no caller gets a 404. */
class ImportJobAccessTest {
  @RegisterExtension
  static final SecuredApp http = new SecuredApp();

  @Test
  void onlyTheCallerWhoStartedAnImportJobReadsIt() throws Exception {
    Reply started = http.send("POST", "/docs/import?async=true&dryRun=true", "title\r\nfirst\r\n", http.ownerToken,
        "Content-Type", "text/csv");
    assertThat(started.status()).as(started.body()).isEqualTo(202);
    String location = started.header("Location");

    Reply mine = http.get(location, http.ownerToken);
    for (int i = 0; i < 100 && !"succeeded".equals(mine.map().get("status")); i++) {
      Thread.sleep(50);
      mine = http.get(location, http.ownerToken);
    }

    assertThat(mine.map()).containsEntry("status", "succeeded").containsEntry("valid", 1);
    assertThat(http.get(location, http.otherToken).status()).isEqualTo(404);
    assertThat(http.get(location, http.adminToken).status()).isEqualTo(404);
    assertThat(http.get(location, null).status()).isEqualTo(404);
    assertThat(http.rows("sec_docs")).isZero();
  }
}
