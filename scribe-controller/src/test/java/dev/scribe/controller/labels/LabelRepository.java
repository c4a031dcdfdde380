package dev.scribe.controller.labels;

import dev.scribe.repository.Repository;

/** Labels, by their text id. */
public class LabelRepository extends Repository<Label, String> {}
