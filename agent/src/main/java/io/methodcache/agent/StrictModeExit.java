package io.methodcache.agent;

/** Thrown only to leave premain on the way to exiting the JVM in strict mode. */
final class StrictModeExit extends RuntimeException {
  StrictModeExit(String message) {
    super(message, null, false, false);
  }
}
