package io.methodcache.it.proxies;

import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.MethodDelegation;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Classes made at run time that implement cached types: a Byte Buddy subclass proxy with a
 * security check (as Hibernate, Mockito and many frameworks make them), JDK dynamic proxies of a
 * public and of a package-private interface, and a lambda. With {@code noagent} as argument it
 * prints the same without reading the agent's MBeans, for the comparison.
 */
public final class GeneratedProxyApp {
  private static final AtomicInteger HANDLED = new AtomicInteger();

  private GeneratedProxyApp() {}

  public static void main(String[] args) throws Exception {
    byteBuddy();
    jdkProxies();
    if (args.length == 0 || !args[0].equals("noagent")) {
      AgentProbe.reportAgent();
      AgentProbe.reportRule("vault", "Size", "Hits", "Misses");
      AgentProbe.reportRule("lookup", "Size", "Hits", "Misses");
      AgentProbe.reportRule("local-lookup", "Size", "Hits", "Misses");
    }
    Report.put("done", true);
  }

  private static void byteBuddy() throws Exception {
    // class files for Java 11, so this Byte Buddy version works on every JDK the tests use
    Class<? extends Vault> type = new ByteBuddy(ClassFileVersion.JAVA_V11)
        .subclass(Vault.class)
        .method(ElementMatchers.named("secret"))
        .intercept(MethodDelegation.to(VaultGuard.class))
        .make()
        .load(Vault.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
        .getLoaded();
    Vault vault = type.getDeclaredConstructor().newInstance();
    Report.put("vault.proxyClass", vault.getClass().getName().replaceAll("\\$ByteBuddy\\$.*",
        "\\$ByteBuddy\\$*"));
    List<String> values = new ArrayList<>();
    values.add(as("admin", () -> vault.secret(1)));
    values.add(as("guest", () -> vault.secret(1)));
    values.add(as("admin", () -> vault.secret(1)));
    values.add(as("guest", () -> vault.secret(1)));
    Report.put("vault.values", String.join(",", values));
    Report.put("vault.bodies", Vault.BODIES.get());
  }

  private static void jdkProxies() {
    // a handler with no implementation behind it, as for MyBatis mappers or HTTP clients
    InvocationHandler handler = (proxy, method, args) -> {
      HANDLED.incrementAndGet();
      return "handled-" + args[0];
    };
    Lookup lookup = (Lookup) Proxy.newProxyInstance(Lookup.class.getClassLoader(),
        new Class<?>[] {Lookup.class}, handler);
    LocalLookup local = (LocalLookup) Proxy.newProxyInstance(LocalLookup.class.getClassLoader(),
        new Class<?>[] {LocalLookup.class}, handler);
    Lookup lambda = id -> "lambda-" + id;
    Report.put("lookup.proxyPackage", lookup.getClass().getPackageName().startsWith("jdk.proxy")
        || lookup.getClass().getPackageName().equals("com.sun.proxy"));
    Report.put("local.proxyPackage", local.getClass().getPackageName());
    List<String> values = new ArrayList<>();
    for (long id : new long[] {1, 2, 1}) {
      values.add(lookup.find(id));
      values.add(local.find(id));
      values.add(lambda.find(id));
    }
    Report.put("lookup.values", String.join(",", values));
    Report.put("lookup.handled", HANDLED.get()); // every proxy call reached the handler
  }

  private static String as(String user, Callable<?> call) {
    Caller.set(user);
    return Report.outcome(call);
  }
}
