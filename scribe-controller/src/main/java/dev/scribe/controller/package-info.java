/**
 * The controller tier: {@link dev.scribe.controller.Controller} runs the actions index, store, show,
 * update and destroy of one resource, each one unit of work with controller events around the
 * repository calls; {@link dev.scribe.controller.RestApplication} routes HTTP requests to mounted
 * controllers through a jakarta.servlet servlet, with JSON bodies and RFC 9457 problem answers;
 * {@link dev.scribe.controller.ScribeServer} embeds it in Jetty. This package holds what applications
 * write against (controllers, actions, events, options, the application and its builder); the HTTP
 * binding is in {@link dev.scribe.controller.http}, and how an action runs, the files, bulk data and
 * console are in the unsupported packages under {@code dev.scribe.controller.internal}.
 */
package dev.scribe.controller;
