package io.methodcache.it;

import static io.methodcache.it.Checks.eq;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.proxies.SpringProxyApp;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code Type+} rules on beans that a real Spring container proxies (Spring 6: CGLIB subclass
 * proxies as Spring Boot makes them, and an interface proxy). The generated proxy classes must
 * never be woven: a hit woven into the proxy would answer before its security interceptor runs
 * and hand a guest the admin's cached value, and the proxy and its target would each store every
 * key. The real implementation is cached behind the interceptors, and the agent says so once.
 */
class SpringProxyIT {
  private static final String PROXY = "io.methodcache.it.proxies.Secured$$SpringCGLIB$$0";
  private static final String REFUSED = "!java.lang.SecurityException: guest may not read";

  static ForkResult ran(Jdk jdk) {
    ForkResult r = Scenarios.once("spring-proxies", jdk, () -> {
      Assumptions.assumeTrue(jdk.feature() >= 17, "Spring 6 needs JDK 17+");
      return ForkedJvm.on(jdk)
          .agent(Checks.rules("spring-proxies", jdk,
              "rules:",
              "  - name: secured",
              "    method: io.methodcache.it.proxies.Secured+#data(long)",
              "  - name: catalog",
              "    method: io.methodcache.it.proxies.Catalog+#price(long)",
              "  - name: directory",
              "    method: io.methodcache.it.proxies.Directory+#lookup(long)"))
          .jvmArgs("-Dmethodcache.jmx.delay=0", "-Dmethodcache.log=info")
          .classpath(ItEnv.testClasses())
          .classpath(springJars())
          .main(SpringProxyApp.class)
          .run();
    });
    r.assertExitedNormally();
    eq(r, "done", "true");
    return r;
  }

  /** Spring as the test's own class path has it (test-scope dependencies of this module). */
  static List<Path> springJars() {
    List<Path> jars = new ArrayList<>();
    for (Class<?> c : List.of(org.springframework.context.ApplicationContext.class,
        org.springframework.aop.framework.ProxyFactory.class,
        org.springframework.beans.factory.BeanFactory.class,
        org.springframework.core.SpringVersion.class,
        org.springframework.expression.ExpressionParser.class,
        org.apache.commons.logging.LogFactory.class,
        io.micrometer.observation.ObservationRegistry.class,
        io.micrometer.common.KeyValue.class)) {
      try {
        jars.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return jars;
  }

  private static List<String> stderrWith(ForkResult r, String part) {
    return r.stderrLines().stream().filter(l -> l.contains(part)).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theBeanIsARealCglibProxy(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "secured.proxyClass", PROXY);
    eq(r, "secured.cglibProxy", "true");
    eq(r, "directory.jdkProxy", "true");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void aGuestIsRefusedByTheInterceptorAfterAnAdminsCallWasCached(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "secured.values", String.join(",", "secret-1", REFUSED + " data(1)", "secret-1",
        "secret-2", REFUSED + " data(2)", "secret-2"));
    eq(r, "directory.values", String.join(",", "entry-5", REFUSED + " lookup(5)", "entry-5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theRealImplementationIsCachedBehindTheInterceptors(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "secured.bodies", "2"); // four admin calls on two ids
    eq(r, "directory.bodies", "1");
    eq(r, "catalog.values", "price-1,price-2,price-1,price-3,price-2,price-1");
    eq(r, "catalog.bodies", "3");
    // every call, hits included, went through the proxy's interceptor
    eq(r, "catalog.intercepted", "6");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void eachKeyIsStoredOnce(Jdk jdk) {
    ForkResult r = ran(jdk);
    eq(r, "rule.secured.Size", "2");
    eq(r, "rule.secured.Misses", "2");
    eq(r, "rule.secured.Hits", "2");
    eq(r, "rule.catalog.Size", "3");
    eq(r, "rule.catalog.Misses", "3");
    eq(r, "rule.catalog.Hits", "3");
    eq(r, "rule.directory.Size", "1");
    Checks.noInternalErrors(r);
    Checks.noProblems(r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void theSkippedProxyIsSaidOnceAtInfo(Jdk jdk) {
    ForkResult r = ran(jdk);
    List<String> lines = stderrWith(r, PROXY);
    assertEquals(1, lines.size(), r::describe);
    String line = lines.get(0);
    assertTrue(line.startsWith("methodcache: ") && line.contains("rule 'secured'")
        && line.contains("io.methodcache.it.proxies.Secured+#data(long)")
        && line.contains("never weaves it")
        && line.contains("the real implementation (io.methodcache.it.proxies.Secured) is cached"
            + " behind them"), line);
    assertTrue(line.matches("methodcache: .*rules\\.yaml:\\d+:\\d+: rule 'secured'.*"), line);
    List<String> catalog = stderrWith(r, "io.methodcache.it.proxies.Catalog$$SpringCGLIB$$");
    assertEquals(1, catalog.size(), r::describe);
    // the interface proxy is Spring's too: its bean is cached behind it, nothing to fix
    List<String> directory = stderrWith(r, "rule 'directory' (");
    assertEquals(1, directory.size(), r::describe);
    assertTrue(directory.get(0).contains("is a proxy generated by Spring AOP (a JDK interface"
        + " proxy)"), directory.get(0));
    assertTrue(r.stderrLines().stream().noneMatch(l -> l.contains("caching ")
        && l.contains("$$SpringCGLIB$$")), r::describe);
    assertTrue(r.stderrLines().stream().anyMatch(
        l -> l.contains("caching io.methodcache.it.proxies.Secured#data(long)")), r::describe);
  }
}
