package io.methodcache.agent.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.methodcache.api.ValueCodec;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecsTest {
  /** A plug-in codec found through ServiceLoader. */
  public static final class UpperCodec implements ValueCodec {
    @Override public String id() { return "upper"; }
    @Override public boolean supports(Class<?> type) { return type == String.class; }
    @Override public byte[] encode(Object value) { return value.toString().toUpperCase().getBytes(StandardCharsets.UTF_8); }
    @Override public Object decode(byte[] payload, ClassLoader loader) { return new String(payload, StandardCharsets.UTF_8); }
  }

  /** Claims the JDK codec's id: must be ignored. */
  public static final class Impostor implements ValueCodec {
    @Override public String id() { return "jdk"; }
    @Override public boolean supports(Class<?> type) { return true; }
    @Override public byte[] encode(Object value) { return new byte[0]; }
    @Override public Object decode(byte[] payload, ClassLoader loader) { return "pwned"; }
  }

  @Test
  void jdkByDefault() {
    Codecs codecs = new Codecs(new JdkValueCodec(), List.of());
    assertEquals("jdk", codecs.defaultCodec().id());
    assertSame(codecs.defaultCodec(), codecs.byId("jdk"));
    assertNull(codecs.byId("json"));
    assertNull(codecs.byId(null));
  }

  @Test
  void providersAreFoundAndBrokenOrDuplicateOnesSkipped() throws Exception {
    Path dir = Files.createTempDirectory("codecs");
    try {
      Path services = dir.resolve("META-INF/services");
      Files.createDirectories(services);
      Files.write(services.resolve(ValueCodec.class.getName()), List.of(
          UpperCodec.class.getName(), "com.example.DoesNotExist", Impostor.class.getName()),
          StandardCharsets.UTF_8);
      try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
        Codecs codecs = Codecs.load(List.of("com.shop.**"), loader);
        assertEquals(Set.of("jdk", "upper"), codecs.ids());
        assertInstanceOf(UpperCodec.class, codecs.byId("upper"));
        assertInstanceOf(JdkValueCodec.class, codecs.byId("jdk"), "the impostor did not replace it");
        assertEquals(List.of("com.shop.**"), ((JdkValueCodec) codecs.defaultCodec()).allowList().patterns());
      }
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
