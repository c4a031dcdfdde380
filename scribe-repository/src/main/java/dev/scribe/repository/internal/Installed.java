package dev.scribe.repository.internal;

import dev.scribe.core.UsageException;

/**
 * The bridge of one access class of this package, installed once by the one class of
 * {@code dev.scribe.repository} that reaches the documented types' package-private members. That class
 * is loaded on first use, so an access class works whichever class the framework touches first.
 */
final class Installed<B> {
  private static final String INSTALLER_PACKAGE = "dev.scribe.repository";
  private static final String INSTALLER = INSTALLER_PACKAGE + ".Internals";

  private final String access;
  private volatile B bridge;

  Installed(String access) {
    this.access = access;
  }

  /** The bridge; loads the installer when it has not run yet. */
  B get() {
    B installed = bridge;
    if (installed == null) {
      load();
      installed = bridge;
    }
    return installed;
  }

  /**
   * Sets the bridge; an implementation from outside {@code dev.scribe.repository}, or a second call, is
   * refused, so that nothing takes the place of the repository tier's own.
   */
  synchronized void install(B implementation) {
    if (implementation == null || !implementation.getClass().getPackageName().equals(INSTALLER_PACKAGE)) {
      throw new UsageException(access + " is installed by the repository tier itself, from " + INSTALLER_PACKAGE
          + "; an implementation from elsewhere is refused");
    }
    if (bridge != null) {
      throw new UsageException(access + " is installed by the repository tier itself; it cannot be installed again");
    }
    bridge = implementation;
  }

  private static void load() {
    try {
      Class.forName(INSTALLER, true, Installed.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the repository tier's " + INSTALLER + " is missing", e);
    }
  }
}
