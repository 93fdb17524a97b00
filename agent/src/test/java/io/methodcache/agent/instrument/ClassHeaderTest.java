package io.methodcache.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassHeaderTest {
  private static byte[] classFile(Class<?> c) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(
        c.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsTheSuperClassAndInterfacesOfARealClassFile() throws IOException {
    String[] expected = new String[1 + java.util.ArrayList.class.getInterfaces().length];
    expected[0] = java.util.ArrayList.class.getSuperclass().getName();
    for (int i = 1; i < expected.length; i++) {
      expected[i] = java.util.ArrayList.class.getInterfaces()[i - 1].getName();
    }
    assertArrayEquals(expected, ClassHeader.supertypes(classFile(java.util.ArrayList.class)));
  }

  @Test
  void handlesConstantPoolsWithLongsDoublesAndNestedTypes() throws IOException {
    assertArrayEquals(new String[] {"java.lang.Object", Runnable.class.getName()},
        ClassHeader.supertypes(classFile(Sample.class)));
  }

  @Test
  void garbageGivesNoSupertypesInsteadOfAnException() {
    assertEquals(0, ClassHeader.supertypes(new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2}).length);
    assertEquals(0, ClassHeader.supertypes(new byte[0]).length);
  }

  @Test
  void resolverFollowsSupertypesThroughClassFilesNotYetLoaded() throws IOException {
    Set<String> all = new SupertypeResolver().all(getClass().getClassLoader(),
        Sub.class.getName(), classFile(Sub.class));
    assertTrue(all.containsAll(Arrays.asList(Sample.class.getName(), Runnable.class.getName(),
        "java.lang.Object")), all.toString());
  }

  static class Sample implements Runnable {
    static final long BIG = 1L << 40;
    static final double PI = 3.14159;
    @Override public void run() {}
  }

  static class Sub extends Sample {}
}
