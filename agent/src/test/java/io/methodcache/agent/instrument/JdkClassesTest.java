package io.methodcache.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.config.MethodPattern;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is the JDK: by loader and module for classes, by the runtime image for names. */
class JdkClassesTest {
  @TempDir
  Path tmp;

  public interface Api {
    String get();
  }

  @Test
  void bootAndPlatformClassesWhateverTheirPackage() {
    assertTrue(JdkClasses.isJdk(String.class));
    assertTrue(JdkClasses.isJdk(javax.management.ObjectName.class)); // boot, not java.*
    assertTrue(JdkClasses.isJdk(org.w3c.dom.Document.class));
    assertTrue(JdkClasses.isJdk(java.sql.Connection.class)); // platform loader
  }

  @Test
  void jdkModulesTheApplicationLoaderDefines() throws Exception {
    // jdk.compiler is defined to the application class loader, yet is part of the runtime image
    Class<?> javac = ToolProvider.getSystemJavaCompiler().getClass();
    assertEquals(ClassLoader.getSystemClassLoader(), javac.getClassLoader());
    assertEquals("jdk.compiler", javac.getModule().getName());
    assertTrue(JdkClasses.isJdk(javac), javac.getName());
  }

  @Test
  void applicationClassesAndJdkProxiesOfThemAreNot() {
    assertFalse(JdkClasses.isJdk(JdkClassesTest.class));
    assertFalse(JdkClasses.isJdk(MethodPattern.class));
    Object proxy = Proxy.newProxyInstance(Api.class.getClassLoader(), new Class<?>[] {Api.class},
        (p, m, a) -> "x");
    // defined in a dynamic module (jdk.proxyN) of the interface's loader: the application's
    assertFalse(JdkClasses.isJdk(proxy.getClass()), proxy.getClass().getName());
    Object jdkOnly = Proxy.newProxyInstance(null, new Class<?>[] {Supplier.class},
        (p, m, a) -> "x");
    assertTrue(JdkClasses.isJdk(jdkOnly.getClass()), "a proxy the boot loader defines");
  }

  @Test
  void namesTheRuntimeImageProvides() {
    assertEquals("java.management", JdkClasses.moduleProviding("javax.management.ObjectName"));
    assertEquals("java.naming", JdkClasses.moduleProviding("javax.naming.CompositeName"));
    assertEquals("java.xml", JdkClasses.moduleProviding("org.w3c.dom.Document"));
    assertEquals("java.base", JdkClasses.moduleProviding("java.util.HashMap"));
    assertEquals("java.sql", JdkClasses.moduleProviding("java.sql.Date"));
    assertNull(JdkClasses.moduleProviding("com.shop.ProductRepository"));
    assertNull(JdkClasses.moduleProviding(JdkClassesTest.class.getName()));
    assertNull(JdkClasses.moduleProviding("javax.management.NoSuchThing"));
  }

  @Test
  void throughAClassPathLoaderTheJdkStillWins() throws IOException {
    // a class path that carries its own copy of a JDK class, and an application class
    Path classes = Files.createDirectories(tmp.resolve("classes/javax/management"));
    Files.write(classes.resolve("ObjectName.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
    Path app = Files.createDirectories(tmp.resolve("classes/shop"));
    Files.write(app.resolve("Repo.class"), new byte[] {(byte) 0xCA, (byte) 0xFE});
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {tmp.resolve("classes").toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      assertEquals("java.management",
          JdkClasses.moduleProviding("javax.management.ObjectName", loader));
      assertEquals("java.xml", JdkClasses.moduleProviding("org.xml.sax.InputSource", loader));
      assertNull(JdkClasses.moduleProviding("shop.Repo", loader), "never loaded: not the JDK's");
    }
  }

  @Test
  void rulesNamingJdkTypesAreRefusedWithTheModule() {
    String why = MethodCacheTransformer.refusal(
        MethodPattern.parse("javax.management.ObjectName#compareTo(javax.management.ObjectName)"));
    assertNotNull(why);
    assertTrue(why.startsWith("javax.management.ObjectName is a JDK class (module"
        + " java.management), which methodcache never instruments"), why);
    assertTrue(why.contains("fix: cache the application method that calls it"), why);
    assertNotNull(MethodCacheTransformer.refusal(
        MethodPattern.parse("javax.naming.CompositeName#get(int)")));
    assertNotNull(MethodCacheTransformer.refusal(MethodPattern.parse("java.util.HashMap#get")));
    assertTrue(MethodCacheTransformer.refusal(MethodPattern.parse("io.methodcache.agent.Log#x"))
        .contains("methodcache's own classes"));
    // subtypes of a JDK type are the application's; application types are fine
    assertNull(MethodCacheTransformer.refusal(
        MethodPattern.parse("javax.management.ObjectName+#compareTo")));
    assertNull(MethodCacheTransformer.refusal(MethodPattern.parse("com.shop.Repo#find(long)")));
    assertNull(MethodCacheTransformer.refusal(MethodPattern.parse("javax.management.*#get")));
  }
}
