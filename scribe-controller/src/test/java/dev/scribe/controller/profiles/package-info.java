/** A resource with attributes of JSON type: a map and a list stored as one JSON value each, not as records. */
package dev.scribe.controller.profiles;
