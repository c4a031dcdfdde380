package dev.scribe.controller.cascade;

import dev.scribe.repository.Repository;

public class FolderRepository extends Repository<Folder, Long> {}
