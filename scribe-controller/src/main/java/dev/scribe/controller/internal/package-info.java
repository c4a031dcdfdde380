/** Public only for the service loader and other framework modules; not part of the API. */
package dev.scribe.controller.internal;
