package io.methodcache.api;

/**
 * Service-provider interface for turning cached values into bytes and back, for tiers that store
 * values outside the heap (the shared Redis tier). Implementations are found with
 * {@link java.util.ServiceLoader}; the default codec is JDK serialization behind an allow-list.
 */
public interface ValueCodec {
  /** A short, stable identifier written next to each payload (e.g. "jdk", "json"). */
  String id();

  /** True when this codec can encode values of the given class. */
  boolean supports(Class<?> type);

  byte[] encode(Object value) throws Exception;

  Object decode(byte[] payload, ClassLoader loader) throws Exception;
}
