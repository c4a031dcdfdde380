package dev.scribe.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a demanding HTTP client sends to file attachments, over a plain socket to real Jetty: conditional headers
 * on writes and downloads as RFC 9110 §13 evaluates them, ranges with numbers past a long and ranges of an empty
 * file, file names the servlet path would cut at a {@code ;} or take for the list, and media types whose
 * parameters are not well formed.
 */
class AttachmentRequestsTest {
  @RegisterExtension
  static final HttpApp http = HttpApp.start();

  private static final String OLD_DATE = "Sat, 01 Jan 2000 00:00:00 GMT";
  private static final String FUTURE_DATE = "Fri, 01 Jan 2100 00:00:00 GMT";

  @BeforeAll
  static void enable() {
    http.taskController.attachments(AttachmentStore.database());
  }

  @BeforeEach
  void emptyTheTables() {
    http.execute("delete from scribe_attachments", "delete from scribe_attachment_blobs");
  }

  @Test
  void ifNoneMatchNamingTheCurrentTagRefusesAReplaceAndADelete() throws IOException {
    long id = http.createTask("{\"title\":\"guarded\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    String tag = put(url, "one", "text/plain").header("ETag");

    RawHttp.Response replace = put(url, "two", "text/plain", "If-None-Match: " + tag);
    RawHttp.Response weakReplace = put(url, "two", "text/plain", "If-None-Match: \"x\", W/" + tag);
    RawHttp.Response delete = send("DELETE", url, "If-None-Match: " + tag);
    RawHttp.Response deleteStar = send("DELETE", url, "If-None-Match: *");

    assertThat(replace.status()).as(replace.toString()).isEqualTo(412);
    assertThat(replace.problem().get("detail")).isEqualTo("If-None-Match " + tag + " matches the file 'a.txt' at its"
        + " current ETag " + tag + ", so tasks.upload did not run; If-None-Match asks to write only when the file is"
        + " not in that state");
    assertThat(weakReplace.status()).as("compared weakly, as for a record").isEqualTo(412);
    assertThat(delete.status()).isEqualTo(412);
    assertThat(deleteStar.status()).isEqualTo(412);
    assertThat(deleteStar.problem().get("detail")).isEqualTo("the file 'a.txt' exists already, and If-None-Match: *"
        + " asks not to delete a file that exists");
    assertThat(send("GET", url).body()).isEqualTo("one");

    assertThat(put(url, "two", "text/plain", "If-None-Match: \"other\"").status()).isEqualTo(200);
    assertThat(send("GET", url).body()).isEqualTo("two");
  }

  @Test
  void aWriteWithAnIfMatchThatIsNoEntityTagIs400() throws IOException {
    long id = http.createTask("{\"title\":\"malformed\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    String tag = put(url, "one", "text/plain").header("ETag");

    RawHttp.Response garbage = put(url, "two", "text/plain", "If-Match: garbage");
    RawHttp.Response unquoted = send("DELETE", url, "If-None-Match: " + tag.replace("\"", ""));

    assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
    assertThat(garbage.problem().get("detail")).isEqualTo("If-Match 'garbage' is not an entity tag: send the ETag the"
        + " file came with, in its double quotes (like " + tag + "), a list of them separated by commas, or *");
    assertThat(unquoted.status()).isEqualTo(400);
    assertThat(send("GET", url).body()).isEqualTo("one");
    assertThat(put(url, "two", "text/plain", "If-Match: \"stale\", " + tag).status()).isEqualTo(200);
  }

  @Test
  void anUploadOfANewFileWithAnIfNoneMatchThatIsNoEntityTagIs400AndStoresNothing() throws IOException {
    long id = http.createTask("{\"title\":\"malformed new\"}");
    String url = "/tasks/" + id + "/files/new.txt";

    RawHttp.Response garbage = put(url, "one", "text/plain", "If-None-Match: garbage");
    RawHttp.Response bareWeak = put(url, "one", "text/plain", "If-None-Match: W/");

    // before, the header was looked at only when the file existed: a new file was stored without the condition
    assertThat(garbage.status()).as(garbage.toString()).isEqualTo(400);
    assertThat(garbage.problem().get("detail")).isEqualTo("If-None-Match 'garbage' is not an entity tag: send the"
        + " ETag the file came with, in its double quotes, a list of them separated by commas, or *");
    assertThat(bareWeak.status()).as(bareWeak.toString()).isEqualTo(400);
    assertThat(send("GET", "/tasks/" + id + "/files").body()).isEqualTo("{\"items\":[]}");
    assertThat(put(url, "one", "text/plain", "If-None-Match: *").status()).isEqualTo(201);
  }

  @Test
  void aQueryParameterTheFileRoutesDoNotReadIs400AsOnTheRecordsUrl() throws IOException {
    long id = http.createTask("{\"title\":\"queried\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    put(url, "one", "text/plain");

    RawHttp.Response list = send("GET", "/tasks/" + id + "/files?name=b.txt");
    RawHttp.Response download = send("GET", url + "?size=1");
    RawHttp.Response upload = put(url + "?dryRun=true", "two", "text/plain");
    RawHttp.Response delete = send("DELETE", url + "?ifExists=true");

    // before, each was taken without a word: the list looked filtered, the upload replaced the file
    assertThat(list.status()).as(list.toString()).isEqualTo(400);
    assertThat(list.problem().get("detail")).isEqualTo("tasks.listFiles takes the query parameters fields, with;"
        + " 'name' is not one of them (filters and paging apply to the collection's index)");
    assertThat(download.status()).isEqualTo(400);
    assertThat(upload.status()).isEqualTo(400);
    assertThat(delete.status()).isEqualTo(400);
    assertThat(send("GET", url).body()).isEqualTo("one");
    assertThat(send("GET", url + "?fields=title").status()).as("the record URL's own").isEqualTo(200);
  }

  @Test
  void ifMatchAndIfUnmodifiedSinceGuardADownloadAndIfUnmodifiedSinceAWrite() throws IOException {
    long id = http.createTask("{\"title\":\"read guarded\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    String tag = put(url, "one", "text/plain").header("ETag");

    RawHttp.Response stale = send("GET", url, "If-Match: \"stale\"");
    RawHttp.Response changed = send("GET", url, "If-Unmodified-Since: " + OLD_DATE);
    RawHttp.Response staleHead = send("HEAD", url, "If-Match: \"stale\"");

    assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
    assertThat(stale.problem().get("detail")).isEqualTo("the file 'a.txt' does not have the ETag If-Match names"
        + " (\"stale\"): its ETag is " + tag + "; send its current ETag, or no If-Match to read it whatever it is");
    assertThat(changed.status()).isEqualTo(412);
    assertThat((String) changed.problem().get("detail")).startsWith("the file 'a.txt' has changed since"
        + " If-Unmodified-Since: " + OLD_DATE + " (it was last modified ");
    assertThat(staleHead.status()).isEqualTo(412);
    assertThat(send("GET", url, "If-Match: " + tag).body()).isEqualTo("one");
    assertThat(send("GET", url, "If-Match: *").status()).isEqualTo(200);
    assertThat(send("GET", url, "If-Unmodified-Since: " + FUTURE_DATE).status()).isEqualTo(200);
    assertThat(send("GET", url, "If-Unmodified-Since: not a date").status()).as("an invalid date is ignored").isEqualTo(200);

    RawHttp.Response changedWrite = put(url, "two", "text/plain", "If-Unmodified-Since: " + OLD_DATE);
    assertThat(changedWrite.status()).isEqualTo(412);
    assertThat(send("DELETE", url, "If-Unmodified-Since: " + OLD_DATE).status()).isEqualTo(412);
    assertThat(send("GET", url).body()).isEqualTo("one");
    assertThat(put(url, "two", "text/plain", "If-Unmodified-Since: " + FUTURE_DATE).status()).isEqualTo(200);
    assertThat(put("/tasks/" + id + "/files/new.txt", "n", "text/plain", "If-Unmodified-Since: " + OLD_DATE).status())
        .as("a new file has no date to compare").isEqualTo(201);
  }

  @Test
  void theObsoleteFormsOfAnHttpDateAreConditionsToo() throws IOException {
    long id = http.createTask("{\"title\":\"old clients\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    put(url, "one", "text/plain");

    RawHttp.Response rfc850 = put(url, "two", "text/plain", "If-Unmodified-Since: Saturday, 01-Jan-00 00:00:00 GMT");
    RawHttp.Response asctime = send("DELETE", url, "If-Unmodified-Since: Sat Jan  1 00:00:00 2000");

    // before, a date in either form was no date: the condition was ignored and the changed file replaced
    assertThat(rfc850.status()).as(rfc850.toString()).isEqualTo(412);
    assertThat(asctime.status()).as(asctime.toString()).isEqualTo(412);
    assertThat(send("GET", url).body()).isEqualTo("one");
    assertThat(send("GET", url, "If-Modified-Since: Fri Jan  1 00:00:00 2100").status()).isEqualTo(304);
  }

  @Test
  void rangesWithNumbersPastALongAndRangesOfAnEmptyFile() throws IOException {
    long id = http.createTask("{\"title\":\"ranges\"}");
    String url = "/tasks/" + id + "/files/digits.txt";
    put(url, "0123456789", "text/plain");
    String empty = "/tasks/" + id + "/files/empty.txt";
    put(empty, "", "text/plain");

    RawHttp.Response toTheEnd = send("GET", url, "Range: bytes=2-99999999999999999999999");
    RawHttp.Response hugeSuffix = send("GET", url, "Range: bytes=-99999999999999999999999");
    RawHttp.Response hugeFirst = send("GET", url, "Range: bytes=99999999999999999999999-");
    RawHttp.Response ofEmpty = send("GET", empty, "Range: bytes=0-");

    assertThat(toTheEnd.status()).as(toTheEnd.toString()).isEqualTo(206);
    assertThat(toTheEnd.header("Content-Range")).isEqualTo("bytes 2-9/10");
    assertThat(toTheEnd.body()).isEqualTo("23456789");
    assertThat(hugeSuffix.status()).isEqualTo(206);
    assertThat(hugeSuffix.header("Content-Range")).isEqualTo("bytes 0-9/10");
    assertThat(hugeFirst.status()).isEqualTo(416);
    assertThat(hugeFirst.header("Content-Range")).isEqualTo("bytes */10");
    assertThat(ofEmpty.status()).isEqualTo(416);
    assertThat(ofEmpty.header("Content-Range")).isEqualTo("bytes */0");
    assertThat(ofEmpty.problem().get("detail")).isEqualTo("the range 'bytes=0-' is outside the file, which has 0 bytes;"
        + " the file is empty, so no range of it can be sent: ask for it without Range");
    assertThat(send("GET", empty).status()).isEqualTo(200);
  }

  /**
   * A range list may hold empty elements (RFC 9110, 5.6.1: a recipient accepts them), so {@code bytes=2-5,} and
   * {@code bytes=, 2-5} ask for one range: they were taken for several ranges and answered with the whole file.
   */
  @Test
  void oneRangeBetweenEmptyListElementsIsThatRange() throws IOException {
    long id = http.createTask("{\"title\":\"ranges\"}");
    String url = "/tasks/" + id + "/files/digits.txt";
    put(url, "0123456789", "text/plain");

    for (String range : List.of("bytes=2-5,", "bytes=, 2-5", "bytes=,,2-5 , ,")) {
      RawHttp.Response part = send("GET", url, "Range: " + range);
      assertThat(part.status()).as(range + ": " + part).isEqualTo(206);
      assertThat(part.header("Content-Range")).isEqualTo("bytes 2-5/10");
      assertThat(part.body()).isEqualTo("2345");
    }
    assertThat(send("GET", url, "Range: bytes=20-,").status()).as("past the end").isEqualTo(416);
    assertThat(send("GET", url, "Range: bytes=,").status()).as("no range at all").isEqualTo(200);
    assertThat(send("GET", url, "Range: bytes=0-1,4-5").status()).as("several ranges").isEqualTo(200);
  }

  @Test
  void twoRangeOrIfRangeHeadersAre400NamingBoth() throws IOException {
    long id = http.createTask("{\"title\":\"ranges\"}");
    String url = "/tasks/" + id + "/files/digits.txt";
    put(url, "0123456789", "text/plain");

    RawHttp.Response ranges = send("GET", url, "Range: bytes=0-1", "Range: bytes=5-6");
    RawHttp.Response ifRanges = send("GET", url, "Range: bytes=0-1", "If-Range: \"a\"", "If-Range: \"b\"");

    // before, the first Range was served and the second passed over, as if the client had sent one
    assertThat(ranges.status()).as(ranges.toString()).isEqualTo(400);
    assertThat(ranges.header("Content-Type")).startsWith("application/problem+json");
    assertThat(ranges.problem().get("detail")).isEqualTo("the request has 2 Range headers ('bytes=0-1', 'bytes=5-6');"
        + " send one Range header");
    assertThat(ifRanges.status()).as(ifRanges.toString()).isEqualTo(400);
    assertThat(ifRanges.problem().get("detail")).isEqualTo("the request has 2 If-Range headers ('\"a\"', '\"b\"');"
        + " send one If-Range header");
    assertThat(send("GET", url, "Range: bytes=5-6").body()).isEqualTo("56");
  }

  @Test
  void twoDateConditionsOfOneKindAre400AndWriteNothing() throws IOException {
    long id = http.createTask("{\"title\":\"dates\"}");
    String url = "/tasks/" + id + "/files/digits.txt";
    String lastModified = put(url, "0123456789", "text/plain").header("Last-Modified");
    String old = "Sun, 06 Nov 1994 08:49:37 GMT";

    RawHttp.Response replace = put(url, "replaced", "text/plain", "If-Unmodified-Since: " + lastModified,
        "If-Unmodified-Since: " + old);
    RawHttp.Response delete = send("DELETE", url, "If-Unmodified-Since: " + lastModified, "If-Unmodified-Since: " + old);
    RawHttp.Response read = send("GET", url, "If-Modified-Since: " + lastModified, "If-Modified-Since: " + old);

    // before, the first line was the condition and the second passed over: the replace ran although the file had
    // changed since the second date, and the read's answer depended on the order of the lines
    assertThat(replace.status()).as(replace.toString()).isEqualTo(400);
    assertThat(replace.problem().get("detail")).isEqualTo("the request has 2 If-Unmodified-Since headers ('"
        + lastModified + "', '" + old + "'); send one If-Unmodified-Since header");
    assertThat(delete.status()).as(delete.toString()).isEqualTo(400);
    assertThat(read.status()).as(read.toString()).isEqualTo(400);
    assertThat(read.problem().get("detail")).isEqualTo("the request has 2 If-Modified-Since headers ('"
        + lastModified + "', '" + old + "'); send one If-Modified-Since header");
    assertThat(send("GET", url).body()).as("neither the replace nor the delete ran").isEqualTo("0123456789");
  }

  @Test
  void aFileMayBeCalledFilesOrHaveASemicolonInItsName() throws IOException {
    long id = http.createTask("{\"title\":\"names\"}");
    String files = "/tasks/" + id + "/files/";

    RawHttp.Response calledFiles = put(files + "files", "list?", "text/plain");
    RawHttp.Response first = put(files + "a;b.txt", "b", "text/plain");
    RawHttp.Response second = put(files + "a;c.txt", "c", "text/plain");

    assertThat(calledFiles.status()).as(calledFiles.toString()).isEqualTo(201);
    assertThat(send("GET", files + "files").body()).isEqualTo("list?");
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(first.header("Location")).isEqualTo(files + "a%3Bb.txt");
    assertThat(second.status()).as("another name, not a replace of 'a'").isEqualTo(201);
    assertThat(send("GET", files + "a;b.txt").body()).isEqualTo("b");
    assertThat(send("GET", files + "a%3Bc.txt").body()).isEqualTo("c");
    assertThat(send("GET", "/tasks/" + id + "/files").body())
        .contains("\"name\":\"a;b.txt\"", "\"name\":\"a;c.txt\"", "\"name\":\"files\"")
        .doesNotContain("\"name\":\"a\"");
    assertThat(send("DELETE", files + "a;b.txt").status()).isEqualTo(204);
    assertThat(send("GET", files + "a%3Bc.txt").status()).isEqualTo(200);
  }

  @Test
  void aContentTypeWithParametersThatAreNotWellFormedIs400() throws IOException {
    long id = http.createTask("{\"title\":\"types\"}");
    String url = "/tasks/" + id + "/files/t.txt";

    RawHttp.Response noValue = put(url, "x", "text/plain; charset");
    RawHttp.Response emptyValue = put(url, "x", "text/plain; charset=");
    RawHttp.Response unclosed = put(url, "x", "text/plain; charset=\"utf-8");
    RawHttp.Response latin1 = put(url, "x", "text/plain; name=caf\u00e9");
    RawHttp.Response trailing = put(url, "x", "text/plain; charset=utf-8 x");

    assertThat(noValue.status()).as(noValue.toString()).isEqualTo(400);
    assertThat(noValue.problem().get("detail")).isEqualTo("Content-Type 'text/plain; charset' has the parameter"
        + " 'charset' without a value; send parameters as ; name=value, the value a token or in double quotes, in"
        + " ASCII, like text/plain; charset=utf-8");
    assertThat(emptyValue.status()).isEqualTo(400);
    assertThat(unclosed.status()).isEqualTo(400);
    assertThat((String) unclosed.problem().get("detail")).contains("opened with a double quote that is never closed");
    assertThat(latin1.status()).isEqualTo(400);
    assertThat((String) latin1.problem().get("detail")).contains("the character U+00E9 in the value of 'name'");
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(send("GET", "/tasks/" + id + "/files").body()).isEqualTo("{\"items\":[]}");

    assertThat(put(url, "x", "text/plain ; charset=utf-8;; format=\"a; b\\\" c\"").status()).isEqualTo(201);
    assertThat(send("GET", url).header("Content-Type")).contains("format=\"a; b\\\" c\"");
  }

  @Test
  void theFileActionsThatAnswerJsonAre406ForAnAcceptWithoutJsonAndADownloadIsNot() throws IOException {
    long id = http.createTask("{\"title\":\"accept\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    put(url, "one", "text/plain");

    RawHttp.Response list = send("GET", "/tasks/" + id + "/files", "Accept: application/xml");
    RawHttp.Response upload = put("/tasks/" + id + "/files/b.txt", "two", "text/plain", "Accept: application/xml");
    RawHttp.Response delete = send("DELETE", url, "Accept: application/xml");
    RawHttp.Response download = send("GET", url, "Accept: application/xml");

    assertThat(list.status()).as(list.toString()).isEqualTo(406);
    assertThat(list.problem().get("detail")).isEqualTo("Accept: application/xml admits nothing /tasks/" + id + "/files"
        + " can answer with; it answers application/json (application/problem+json for errors), so send Accept:"
        + " application/json or none");
    assertThat(upload.status()).isEqualTo(406);
    assertThat(delete.status()).isEqualTo(406);
    assertThat(download.status()).as("a download answers the file's own type").isEqualTo(200);
    assertThat(download.body()).isEqualTo("one");
    assertThat(send("GET", "/tasks/" + id + "/files").body()).contains("\"name\":\"a.txt\"").doesNotContain("b.txt");
  }

  @Test
  void aTransferCodingBesidesChunkedIs501AndNothingIsStored() throws IOException {
    long id = http.createTask("{\"title\":\"coded\"}");
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
      gzip.write("hello world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    String chunk = Integer.toHexString(zipped.size()) + "\r\n"
        + new String(zipped.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1) + "\r\n0\r\n\r\n";

    RawHttp.Response upload = RawHttp.exchange(http.server.uri().getPort(), "PUT /tasks/" + id + "/files/g.txt HTTP/1.1\r\n"
        + "Host: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" + chunk);

    // before, Jetty took the chunks off and the gzip bytes were stored as the file
    assertThat(upload.status()).as(upload.toString()).isEqualTo(501);
    assertThat(upload.problem().get("detail")).isEqualTo("Transfer-Encoding 'gzip, chunked' is not supported: the only"
        + " transfer coding this server takes off is chunked; send the body as it is, with Content-Length or"
        + " Transfer-Encoding: chunked");
    assertThat(upload.header("Connection")).isEqualTo("close");
    assertThat(send("GET", "/tasks/" + id + "/files").body()).isEqualTo("{\"items\":[]}");
  }

  private static RawHttp.Response put(String path, String body, String contentType, String... headers) throws IOException {
    String[] all = new String[headers.length + 1];
    all[0] = "Content-Type: " + contentType;
    System.arraycopy(headers, 0, all, 1, headers.length);
    return exchange("PUT", path, body, all);
  }

  private static RawHttp.Response send(String method, String path, String... headers) throws IOException {
    return exchange(method, path, null, headers);
  }

  private static RawHttp.Response exchange(String method, String path, String body, String... headers) throws IOException {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    if (body != null) {
      request.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    request.append("\r\n").append(body == null ? "" : body);
    // Connection: close, so that a HEAD's answer, which has a Content-Length and no body, ends with the connection
    return RawHttp.exchange(http.server.uri().getPort(), request.toString());
  }

  @Test
  void aDeleteWithAMalformedConditionIs400BeforeTheFileIsLookedFor() throws IOException {
    long id = http.createTask("{\"title\":\"no files\"}");

    RawHttp.Response missingFile = send("DELETE", "/tasks/" + id + "/files/missing", "If-Match: garbage");
    RawHttp.Response missingRecord = send("DELETE", "/tasks/999999/files/missing", "If-None-Match: 3");
    RawHttp.Response wellFormed = send("DELETE", "/tasks/" + id + "/files/missing", "If-Match: \"abc\"");

    // before, the missing file was a 404 and the malformed header went unnoticed
    assertThat(missingFile.status()).as(missingFile.toString()).isEqualTo(400);
    assertThat(missingFile.problem().get("detail")).isEqualTo("If-Match 'garbage' is not an entity tag: send the ETag"
        + " the file came with, in its double quotes, a list of them separated by commas, or *");
    assertThat(missingRecord.status()).isEqualTo(400);
    assertThat(wellFormed.status()).isEqualTo(404);
  }

  @Test
  void aDeleteOfAFileWithABodyIs400AndTheFileStays() throws IOException {
    long id = http.createTask("{\"title\":\"delete with a body\"}");
    String url = "/tasks/" + id + "/files/a.txt";
    put(url, "one", "text/plain");

    RawHttp.Response withList = exchange("DELETE", url, "[\"a.txt\", \"b.txt\"]", "Content-Type: application/json");
    String chunked = "DELETE " + url + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nall\r\n0\r\n\r\n";
    RawHttp.Response withChunks = RawHttp.exchange(http.server.uri().getPort(), chunked);

    // before, the body was passed over and the file deleted, as the DELETE of a record no longer is
    assertThat(withList.status()).as(withList.toString()).isEqualTo(400);
    assertThat(withList.problem().get("detail")).isEqualTo("tasks.deleteFile takes no body: it deletes the file its"
        + " URL names, and only that one; send DELETE " + url + " without a body");
    assertThat(withChunks.status()).as(withChunks.toString()).isEqualTo(400);
    assertThat(send("GET", url).body()).isEqualTo("one");
    assertThat(exchange("DELETE", url, "", "Content-Type: application/json").status()).as("an empty body")
        .isEqualTo(204);
    assertThat(send("GET", url).status()).isEqualTo(404);
  }

  @Test
  void anUploadWithAMalformedConditionIs400BeforeTheRecordIsLookedFor() throws IOException {
    RawHttp.Response missingRecord = exchange("PUT", "/tasks/999999/files/a.txt", "hello", "If-Match: garbage",
        "Content-Type: text/plain");
    RawHttp.Response wellFormed = exchange("PUT", "/tasks/999999/files/a.txt", "hello", "If-None-Match: *",
        "Content-Type: text/plain");

    // before, the missing record was a 404 and the malformed header went unnoticed
    assertThat(missingRecord.status()).as(missingRecord.toString()).isEqualTo(400);
    assertThat(missingRecord.problem().get("detail")).isEqualTo("If-Match 'garbage' is not an entity tag: send the ETag"
        + " the file came with, in its double quotes, a list of them separated by commas, or *");
    assertThat(wellFormed.status()).isEqualTo(404);
  }
}
