package dev.scribe.controller.cascade;

import dev.scribe.repository.Repository;

public class DocumentRepository extends Repository<Document, Long> {}
