package io.methodcache.agent.engine;

/**
 * A call whose arguments cannot form a key. {@code configuration} problems (a property the type
 * lacks, an argument type without value equality) are the operator's to fix and are reported once
 * with the fix; other causes (a getter that throws) are faults counted per call.
 */
final class KeyException extends RuntimeException {
  final boolean configuration;

  KeyException(String message, boolean configuration, Throwable cause) {
    super(message, cause, false, false);
    this.configuration = configuration;
  }
}
