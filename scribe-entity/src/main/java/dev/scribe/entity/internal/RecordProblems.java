package dev.scribe.entity.internal;

import dev.scribe.core.Veto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems {@link ParamsCheck} finds in one record: messages, field errors and the status, a 400 (a key
 * or value the client may not send) outranking the 422s of validation; turned into one veto.
 */
final class RecordProblems {
  final List<String> messages = new ArrayList<>();
  final Map<String, List<String>> fields = new LinkedHashMap<>();
  int status;

  /** Adds a refusal's messages and field errors; a 400 outranks the 422s of validation. */
  void add(Veto refused) {
    messages.addAll(refused.messages());
    refused.fieldErrors().forEach((field, list) -> fields(field).addAll(list));
    if (status == 0 || refused.status() == 400) {
      status = refused.status();
    }
  }

  List<String> fields(String field) {
    return fields.computeIfAbsent(field, k -> new ArrayList<>());
  }

  Veto veto() {
    Veto.Builder builder = Veto.builder().status(status == 0 ? 422 : status);
    List<String> distinct = new ArrayList<>();
    for (String message : messages) {
      if (!distinct.contains(message)) {
        distinct.add(message);
      }
    }
    distinct.forEach(builder::message);
    fields.forEach((field, list) -> list.forEach(message -> builder.field(field, message)));
    return builder.build();
  }
}
