package io.methodcache.it.proxies;

import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Real Spring AOP proxies in front of cached beans: a CGLIB subclass proxy with a security
 * check, a CGLIB proxy with an ordinary interceptor, and an interface (JDK) proxy with the
 * security check. Every call is made as a user (admin or guest); a guest must be refused by the
 * interceptor on every call, whatever an admin's call cached.
 */
public final class SpringProxyApp {
  private SpringProxyApp() {}

  public static void main(String[] args) throws Exception {
    try (AnnotationConfigApplicationContext context =
        new AnnotationConfigApplicationContext(SpringProxyConfig.class)) {
      secured(context.getBean(Secured.class));
      catalog(context.getBean(Catalog.class));
    }
    directory();
    AgentProbe.reportAgent();
    AgentProbe.reportRule("secured", "Size", "Hits", "Misses");
    AgentProbe.reportRule("catalog", "Size", "Hits", "Misses");
    AgentProbe.reportRule("directory", "Size", "Hits", "Misses");
    Report.put("done", true);
  }

  private static void secured(Secured secured) {
    Report.put("secured.proxyClass", secured.getClass().getName());
    Report.put("secured.cglibProxy", AopUtils.isCglibProxy(secured));
    List<String> values = new ArrayList<>();
    values.add(as("admin", () -> secured.data(1)));
    values.add(as("guest", () -> secured.data(1))); // the admin's value is cached by now
    values.add(as("admin", () -> secured.data(1)));
    values.add(as("admin", () -> secured.data(2)));
    values.add(as("guest", () -> secured.data(2)));
    values.add(as("admin", () -> secured.data(2)));
    Report.put("secured.values", String.join(",", values));
    Report.put("secured.bodies", Secured.BODIES.get());
  }

  private static void catalog(Catalog catalog) {
    Report.put("catalog.proxyClass", catalog.getClass().getName());
    List<String> values = new ArrayList<>();
    for (long id : new long[] {1, 2, 1, 3, 2, 1}) {
      values.add(as("guest", () -> catalog.price(id)));
    }
    Report.put("catalog.values", String.join(",", values));
    Report.put("catalog.bodies", Catalog.BODIES.get());
    Report.put("catalog.intercepted", SpringProxyConfig.INTERCEPTED.get());
  }

  /** Spring's interface-based proxy: a JDK dynamic proxy that carries Spring's interceptors. */
  private static void directory() {
    ProxyFactory factory = new ProxyFactory(new DirectoryImpl());
    factory.addInterface(Directory.class);
    factory.addAdvice(SpringProxyConfig.security());
    Directory directory = (Directory) factory.getProxy(SpringProxyApp.class.getClassLoader());
    Report.put("directory.jdkProxy", Proxy.isProxyClass(directory.getClass()));
    List<String> values = new ArrayList<>();
    values.add(as("admin", () -> directory.lookup(5)));
    values.add(as("guest", () -> directory.lookup(5)));
    values.add(as("admin", () -> directory.lookup(5)));
    Report.put("directory.values", String.join(",", values));
    Report.put("directory.bodies", DirectoryImpl.BODIES.get());
  }

  private static String as(String user, Callable<?> call) {
    Caller.set(user);
    return Report.outcome(call);
  }
}
