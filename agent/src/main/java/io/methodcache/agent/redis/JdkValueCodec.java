package io.methodcache.agent.redis;

import io.methodcache.api.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.List;

/**
 * The default codec: JDK serialization, read back only through an allow-list. Decoding a payload
 * from Redis is decoding untrusted bytes (anyone who can write to Redis can write them), so:
 * <ul>
 *   <li>classes are resolved by name against the {@link SerialAllowList} before anything is
 *       loaded — a refused class is never loaded, initialised or instantiated;</li>
 *   <li>an {@link ObjectInputFilter} re-checks every class (superclasses, array components) and
 *       bounds depth, references, array lengths and bytes, so a small payload cannot make the JVM
 *       allocate a huge array or recurse deeply;</li>
 *   <li>dynamic proxies are refused;</li>
 *   <li>classes are resolved with the loader given by the caller (the cached method's class's),
 *       never with whatever loader happens to be on the stack.</li>
 * </ul>
 * A refusal is a {@link RefusedClassException}; any other decoding failure another exception. The
 * caller counts both as a miss.
 */
public final class JdkValueCodec implements ValueCodec {
  public static final String ID = "jdk";

  /** Bounds on one decoded value; each refuses the whole value when exceeded. */
  public static final class Limits {
    public static final Limits DEFAULT = new Limits(100, 1_000_000, 10_000_000, 64L << 20);

    final long maxDepth;
    final long maxReferences;
    final long maxArrayLength;
    final long maxBytes;

    public Limits(long maxDepth, long maxReferences, long maxArrayLength, long maxBytes) {
      this.maxDepth = maxDepth;
      this.maxReferences = maxReferences;
      this.maxArrayLength = maxArrayLength;
      this.maxBytes = maxBytes;
    }
  }

  /** A class outside the allow-list (or a limit) refused the payload. Nothing of it was created. */
  public static final class RefusedClassException extends InvalidClassException {
    private static final long serialVersionUID = 1L;

    RefusedClassException(String className, String reason) {
      super(className, reason);
    }
  }

  private final SerialAllowList allowList;
  private final Limits limits;

  /** JDK value types only. */
  public JdkValueCodec() {
    this(SerialAllowList.jdkOnly(), Limits.DEFAULT);
  }

  /** JDK value types plus the rules file's patterns. */
  public JdkValueCodec(List<String> allowPatterns) {
    this(SerialAllowList.of(allowPatterns), Limits.DEFAULT);
  }

  public JdkValueCodec(SerialAllowList allowList, Limits limits) {
    this.allowList = allowList;
    this.limits = limits;
  }

  public SerialAllowList allowList() {
    return allowList;
  }

  @Override
  public String id() {
    return ID;
  }

  /** Serializable types (and primitives); the value's runtime class is what matters. */
  @Override
  public boolean supports(Class<?> type) {
    return type.isPrimitive() || Serializable.class.isAssignableFrom(type);
  }

  /** True when a value of this exact class could be read back (its fields may still refuse). */
  public boolean readable(Class<?> type) {
    return allowList.allows(type);
  }

  @Override
  public byte[] encode(Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  @Override
  public Object decode(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
    return decode(payload, loader, Long.MAX_VALUE);
  }

  /**
   * Decodes within a time budget. Some payloads cost time far out of proportion to their size: a
   * 2 KB graph of nested {@code HashSet}s sharing their members makes {@code readObject} hash
   * exponentially many elements. No limit on depth or references catches that without refusing
   * honest values, so the filter, which the stream consults before every object it reads, refuses
   * the rest of the payload once the budget is spent: decoding stops within about twice the
   * budget (the hashing that overshoots it is at most what was done before).
   *
   * @param budgetNanos how long decoding may take; {@code Long.MAX_VALUE} for no bound
   */
  public Object decode(byte[] payload, ClassLoader loader, long budgetNanos)
      throws IOException, ClassNotFoundException {
    if (payload.length > limits.maxBytes) {
      throw new RefusedClassException("?", "payload of " + payload.length + " bytes exceeds the limit");
    }
    Filter filter = new Filter(allowList, limits, payload.length, budgetNanos);
    try (Input in = new Input(new ByteArrayInputStream(payload), loader, allowList)) {
      in.setObjectInputFilter(filter);
      Object value = in.readObject();
      if (in.read() != -1) {
        throw new IOException("trailing bytes after the serialized value");
      }
      return value;
    } catch (RefusedClassException e) {
      throw e;
    } catch (InvalidClassException e) {
      if (filter.refused != null) { // the JDK's own "filter status: REJECTED" exception
        throw new RefusedClassException(filter.refused, filter.reason);
      }
      throw e;
    }
  }

  /** Resolves by name against the allow-list first, then with the caller's loader only. */
  private static final class Input extends ObjectInputStream {
    private final ClassLoader loader;
    private final SerialAllowList allowList;

    Input(ByteArrayInputStream in, ClassLoader loader, SerialAllowList allowList) throws IOException {
      super(in);
      this.loader = loader;
      this.allowList = allowList;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      String name = desc.getName();
      if (!allowList.allows(name)) {
        throw new RefusedClassException(name, "not in serialization.allow");
      }
      // initialize=false: even an allowed class runs no static initialiser before it is needed.
      return Class.forName(name, false, loader);
    }

    @Override
    protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
      throw new RefusedClassException("proxy" + java.util.Arrays.toString(interfaces),
          "dynamic proxies are never read back");
    }
  }

  /** The second line of defence, and the resource limits. One per decode (remembers the refusal). */
  private static final class Filter implements ObjectInputFilter {
    private final SerialAllowList allowList;
    private final Limits limits;
    private final long maxArray;
    private final long startedNanos = System.nanoTime();
    private final long budgetNanos;
    String refused;
    String reason;

    Filter(SerialAllowList allowList, Limits limits, int payloadLength, long budgetNanos) {
      this.allowList = allowList;
      this.limits = limits;
      this.budgetNanos = budgetNanos;
      // Every array element takes at least one byte of the stream, so no honest array is longer
      // than the payload: this stops a 30-byte payload from allocating a gigabyte array up front.
      this.maxArray = Math.min(limits.maxArrayLength, payloadLength);
    }

    @Override
    public Status checkInput(FilterInfo info) {
      Class<?> type = info.serialClass();
      String name = type == null ? "?" : type.getName();
      if (budgetNanos != Long.MAX_VALUE && System.nanoTime() - startedNanos > budgetNanos) {
        return refuse(name, "decoding took longer than its budget of "
            + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms");
      }
      if (info.depth() > limits.maxDepth) {
        return refuse(name, "depth " + info.depth() + " exceeds " + limits.maxDepth);
      }
      if (info.references() > limits.maxReferences) {
        return refuse(name, "references exceed " + limits.maxReferences);
      }
      if (info.streamBytes() > limits.maxBytes) {
        return refuse(name, "bytes exceed " + limits.maxBytes);
      }
      if (info.arrayLength() > maxArray) {
        return refuse(name, "array length " + info.arrayLength() + " exceeds " + maxArray);
      }
      if (type != null && !allowList.allows(type)) {
        return refuse(name, "not in serialization.allow");
      }
      return Status.ALLOWED;
    }

    private Status refuse(String name, String why) {
      if (refused == null) {
        refused = name;
        reason = why;
      }
      return Status.REJECTED;
    }
  }
}
