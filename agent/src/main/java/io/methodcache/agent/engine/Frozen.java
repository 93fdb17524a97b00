package io.methodcache.agent.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * A {@code copy-on-read} rule's cached value: its serialized form, from which every caller gets a
 * fresh copy, so no caller can change what another one sees. Java serialization, because it copies
 * any Serializable graph faithfully (cycles, shared references); the bytes never leave this JVM,
 * so they are read back without the shared tier's allow-list.
 */
final class Frozen {
  private final byte[] bytes;

  private Frozen(byte[] bytes) {
    this.bytes = bytes;
  }

  /** @throws IOException when the value (or something it refers to) is not Serializable */
  static Frozen of(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(value);
    }
    return new Frozen(out.toByteArray());
  }

  /** A new copy, its classes resolved through {@code loader} (the cached method's). */
  Object thaw(ClassLoader loader) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      protected Class<?> resolveClass(ObjectStreamClass desc)
          throws IOException, ClassNotFoundException {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          return super.resolveClass(desc); // primitives and the JDK's own
        }
      }
    }) {
      return in.readObject();
    }
  }

  int size() {
    return bytes.length;
  }
}
