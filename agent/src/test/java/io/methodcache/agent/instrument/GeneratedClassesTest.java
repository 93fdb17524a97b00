package io.methodcache.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.instrument.GeneratedClasses.Kind;
import io.methodcache.agent.instrument.GeneratedClasses.Verdict;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.junit.jupiter.api.Test;

/**
 * Which classes are generated proxies, from what a class file header holds: names and direct
 * supertypes as the frameworks write them, and the headers of real JDK and Byte Buddy proxies.
 */
class GeneratedClassesTest {
  public static class Service {
    public String data(long id) {
      return "data-" + id;
    }
  }

  private static Verdict classify(String name, String superName, String... interfaces) {
    return GeneratedClasses.classify(name, superName, List.of(interfaces));
  }

  /** The header of a loaded class, as the transformer reads it from the class file. */
  private static Verdict classify(Class<?> c) {
    List<String> interfaces = new ArrayList<>();
    for (Class<?> i : c.getInterfaces()) {
      interfaces.add(i.getName());
    }
    return GeneratedClasses.classify(c.getName(),
        c.getSuperclass() == null ? null : c.getSuperclass().getName(), interfaces);
  }

  @Test
  void ordinaryClassesAreNotGenerated() {
    assertNull(classify("demo.Secured", "java.lang.Object"));
    assertNull(classify("demo.Secured$Inner", "demo.Base", "java.io.Serializable"));
    assertNull(classify("demo.ProxyService", "java.lang.Object", "demo.Api"));
    assertNull(classify("demo.$Proxy", "java.lang.Object")); // a name alone is no JDK proxy
    assertNull(classify(Service.class));
  }

  @Test
  void springCglibByNameOrByItsMarkerInterfaces() {
    Verdict v = classify("demo.Secured$$SpringCGLIB$$0", "demo.Secured",
        "org.springframework.aop.SpringProxy", "org.springframework.aop.framework.Advised",
        "org.springframework.cglib.proxy.Factory");
    assertEquals(Kind.INTERCEPTING_PROXY, v.kind);
    assertEquals("Spring CGLIB", v.framework);
    // renamed by a naming policy: the interfaces still tell
    assertEquals(Kind.INTERCEPTING_PROXY,
        classify("demo.SecuredProxy", "demo.Secured", "org.springframework.aop.SpringProxy").kind);
    assertEquals(Kind.INTERCEPTING_PROXY,
        classify("demo.X", "demo.Y", "org.springframework.cglib.proxy.Factory").kind);
    // Spring 5 and plain cglib names
    assertEquals(Kind.INTERCEPTING_PROXY,
        classify("demo.Secured$$EnhancerBySpringCGLIB$$1a2b3c", "demo.Secured").kind);
    assertEquals(Kind.INTERCEPTING_PROXY,
        classify("demo.Secured$$EnhancerByCGLIB$$1a2b3c", "demo.Secured").kind);
    assertEquals(Kind.INTERCEPTING_PROXY,
        classify("demo.X", "demo.Y", "net.sf.cglib.proxy.Factory").kind);
    assertEquals(Kind.INTERCEPTING_PROXY, classify("demo.AppConfig$$SpringCGLIB$$0",
        "demo.AppConfig", "org.springframework.context.annotation.ConfigurationClassEnhancer"
            + "$EnhancedConfiguration").kind);
  }

  @Test
  void fastClassesAreHelpers() {
    assertEquals(Kind.HELPER, classify("demo.Secured$$FastClassBySpringCGLIB$$12ab",
        "org.springframework.cglib.reflect.FastClass").kind);
    assertEquals(Kind.HELPER, classify("demo.Secured$$SpringCGLIB$$1",
        "org.springframework.cglib.reflect.FastClass").kind);
    assertEquals(Kind.HELPER,
        classify("demo.Secured$$FastClassByCGLIB$$12ab", "net.sf.cglib.reflect.FastClass").kind);
  }

  @Test
  void hibernateJavassistWeldMockitoAndOthers() {
    assertEquals("Hibernate", classify("demo.Order$HibernateProxy$Xb3k", "demo.Order",
        "org.hibernate.proxy.HibernateProxy", "org.hibernate.proxy.ProxyConfiguration").framework);
    assertEquals("Hibernate", classify("demo.Order_$$_x", "demo.Order",
        "org.hibernate.proxy.HibernateProxy").framework);
    assertEquals("javassist", classify("demo.Order_$$_jvst3a_0", "demo.Order").framework);
    assertEquals("javassist",
        classify("demo.X", "demo.Y", "javassist.util.proxy.ProxyObject").framework);
    assertEquals("Weld", classify("demo.Bean$Proxy$_$$_WeldClientProxy", "demo.Bean").framework);
    assertEquals("Weld", classify("demo.Bean$Proxy$_$$_WeldSubclass", "demo.Bean",
        "org.jboss.weld.proxy.WeldConstruct").framework);
    assertEquals("Mockito", classify("demo.Bean$MockitoMock$12345", "demo.Bean").framework);
    assertEquals("Mockito", classify("demo.BeanMock", "demo.Bean",
        "org.mockito.internal.creation.bytebuddy.MockAccess").framework);
    assertEquals("Guice", classify("demo.Bean$$EnhancerByGuice$$9", "demo.Bean").framework);
    assertEquals("Micronaut AOP",
        classify("demo.$Bean$Definition$Intercepted", "demo.Bean", "io.micronaut.aop.Intercepted")
            .framework);
    assertEquals("Quarkus ArC",
        classify("demo.Bean_Subclass", "demo.Bean", "io.quarkus.arc.Subclass").framework);
  }

  @Test
  void lambdasByName() {
    assertEquals(Kind.LAMBDA, classify("demo.App$$Lambda$14/0x0000000800c03000",
        "java.lang.Object", "java.util.function.Supplier").kind);
    assertEquals(Kind.LAMBDA, classify("demo.App$$Lambda/0x0000000800c03000",
        "java.lang.Object", "java.util.function.Supplier").kind);
  }

  @Test
  void realJdkDynamicProxies() {
    Supplier<?> proxy = (Supplier<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Supplier.class}, (p, m, a) -> "x");
    Class<?> c = proxy.getClass();
    assertTrue(GeneratedClasses.looksLikeJdkProxy(c.getName()), c.getName());
    assertTrue(GeneratedClasses.looksLikeJdkProxy(c.getName().replace('.', '/')), c.getName());
    assertEquals(Kind.JDK_PROXY, classify(c).kind);
    // Spring's interface-based AOP proxy is a JDK proxy with interceptors before the bean
    assertEquals(Kind.INTERCEPTING_PROXY, classify("jdk.proxy2.$Proxy45",
        "java.lang.reflect.Proxy", "demo.Api", "org.springframework.aop.SpringProxy").kind);
    assertFalse(GeneratedClasses.looksLikeJdkProxy("demo.$Proxy"));
    assertFalse(GeneratedClasses.looksLikeJdkProxy("demo.$ProxyFactory"));
    assertFalse(GeneratedClasses.looksLikeJdkProxy("demo.My$Proxy1"));
    assertTrue(GeneratedClasses.looksLikeJdkProxy("com/sun/proxy/$Proxy3"));
  }

  @Test
  void realByteBuddySubclass() throws Exception {
    Class<? extends Service> sub = new ByteBuddy().subclass(Service.class)
        .method(ElementMatchers.named("data")).intercept(FixedValue.value("intercepted"))
        .make().load(getClass().getClassLoader()).getLoaded();
    assertTrue(sub.getName().contains("$ByteBuddy$"), sub.getName());
    Verdict v = classify(sub);
    assertEquals(Kind.INTERCEPTING_PROXY, v.kind);
    assertEquals("Byte Buddy", v.framework);
  }
}
