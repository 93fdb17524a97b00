package io.methodcache.agent.instrument;

import java.util.Collection;
import java.util.Map;

/**
 * Classes generated at run time (or by a framework's build step) as proxies, enhancers or
 * lambdas, which methodcache never weaves. A proxy's method runs the framework's interceptors
 * (security checks, transactions) and then calls the real implementation; cached advice woven
 * into the proxy would answer a hit before those interceptors run, and store every key a second
 * time beside the real implementation's entry. The real implementation is woven instead, behind
 * the interceptors.
 *
 * <p>Decided from the class file's header alone (its name, super class and direct interfaces),
 * so it works while a class is being defined, before anything else of it can be read. Either
 * sign suffices: a marker interface or super class the framework adds, or a marker in the name it
 * generates.
 */
public final class GeneratedClasses {
  /** What the class is, which decides what the operator is told. */
  public enum Kind {
    /** A proxy or enhanced subclass that runs interceptors, then the real implementation. */
    INTERCEPTING_PROXY,
    /** A JDK dynamic proxy: every call goes to an InvocationHandler, whatever it does. */
    JDK_PROXY,
    /** A lambda's class (normally hidden, and then never seen by an agent at all). */
    LAMBDA,
    /** A framework's helper class (cglib FastClass, Byte Buddy auxiliary type). */
    HELPER
  }

  /** Why a class is never woven. */
  public static final class Verdict {
    public final Kind kind;
    /** The framework that made it, for messages: "Spring CGLIB", "Hibernate"… */
    public final String framework;

    Verdict(Kind kind, String framework) {
      this.kind = kind;
      this.framework = framework;
    }

    @Override
    public String toString() {
      return kind + " (" + framework + ")";
    }
  }

  private static final String JDK_PROXY_SUPER = "java.lang.reflect.Proxy";

  /** Interfaces that frameworks add to the classes they generate. */
  private static final Map<String, String> MARKER_INTERFACES = Map.ofEntries(
      Map.entry("org.springframework.aop.SpringProxy", "Spring AOP"),
      Map.entry("org.springframework.aop.framework.Advised", "Spring AOP"),
      Map.entry("org.springframework.cglib.proxy.Factory", "Spring CGLIB"),
      Map.entry("org.springframework.context.annotation.ConfigurationClassEnhancer"
          + "$EnhancedConfiguration", "Spring @Configuration CGLIB"),
      Map.entry("net.sf.cglib.proxy.Factory", "cglib"),
      Map.entry("org.hibernate.proxy.HibernateProxy", "Hibernate"),
      Map.entry("org.hibernate.proxy.ProxyConfiguration", "Hibernate"),
      Map.entry("javassist.util.proxy.ProxyObject", "javassist"),
      Map.entry("javassist.util.proxy.Proxy", "javassist"),
      Map.entry("org.jboss.weld.proxy.WeldConstruct", "Weld"),
      Map.entry("org.jboss.weld.bean.proxy.ProxyObject", "Weld"),
      Map.entry("org.jboss.weld.interceptor.util.proxy.TargetInstanceProxy", "Weld"),
      Map.entry("org.mockito.internal.creation.bytebuddy.MockAccess", "Mockito"),
      Map.entry("org.mockito.internal.creation.bytebuddy.MockMethodInterceptor$MockAccess",
          "Mockito"),
      Map.entry("org.apache.webbeans.proxy.OwbInterceptorProxy", "OpenWebBeans"),
      Map.entry("org.apache.webbeans.proxy.OwbNormalScopeProxy", "OpenWebBeans"),
      Map.entry("io.micronaut.aop.Intercepted", "Micronaut AOP"),
      Map.entry("io.micronaut.aop.InterceptedProxy", "Micronaut AOP"),
      Map.entry("io.quarkus.arc.Subclass", "Quarkus ArC"),
      Map.entry("io.quarkus.arc.ClientProxy", "Quarkus ArC"));

  /** Super classes of generated helpers. */
  private static final Map<String, String> HELPER_SUPERS = Map.of(
      "org.springframework.cglib.reflect.FastClass", "Spring CGLIB",
      "net.sf.cglib.reflect.FastClass", "cglib");

  /** Markers in generated names, checked in this order (the more specific first). */
  private static final String[][] NAME_MARKERS = {
      {"$$SpringCGLIB$$", "Spring CGLIB"},
      {"$$EnhancerBySpringCGLIB$$", "Spring CGLIB"},
      {"$$FastClassBySpringCGLIB$$", "Spring CGLIB"},
      {"ByCGLIB$$", "cglib"},
      {"$$EnhancerByGuice$$", "Guice"},
      {"$$FastClassByGuice$$", "Guice"},
      {"$MockitoMock$", "Mockito"},
      {"$HibernateProxy$", "Hibernate"},
      {"$HibernateBasicProxy$", "Hibernate"},
      {"$HibernateInstantiator$", "Hibernate"},
      {"$HibernateAccessOptimizer$", "Hibernate"},
      {"$ByteBuddy$", "Byte Buddy"},
      {"_$$_jvst", "javassist"},
      {"_$$_javassist_", "javassist"},
      {"$Proxy$_$$_Weld", "Weld"},
      {"$$OwbInterceptProxy", "OpenWebBeans"},
      {"$$OwbNormalScopeProxy", "OpenWebBeans"}};

  private GeneratedClasses() {}

  /**
   * @param className the binary (dotted) name
   * @param superName the super class's dotted name, or null
   * @param interfaces the direct interfaces' dotted names
   * @return why the class is never woven, or null for an ordinary class
   */
  public static Verdict classify(String className, String superName,
      Collection<String> interfaces) {
    if (JDK_PROXY_SUPER.equals(superName)) {
      // Spring's interface-based AOP proxies are JDK proxies too, with interceptors before the bean
      return interfaces.contains("org.springframework.aop.SpringProxy")
          ? new Verdict(Kind.INTERCEPTING_PROXY, "Spring AOP (a JDK interface proxy)")
          : new Verdict(Kind.JDK_PROXY, "JDK dynamic proxy");
    }
    if (className.contains("$$Lambda")) {
      return new Verdict(Kind.LAMBDA, "lambda");
    }
    if (superName != null && HELPER_SUPERS.containsKey(superName)) {
      return new Verdict(Kind.HELPER, HELPER_SUPERS.get(superName) + " FastClass");
    }
    if (className.contains("$auxiliary$")) {
      return new Verdict(Kind.HELPER, "Byte Buddy auxiliary type");
    }
    for (String[] marker : NAME_MARKERS) {
      if (className.contains(marker[0])) {
        return new Verdict(className.contains("$$FastClass") ? Kind.HELPER
            : Kind.INTERCEPTING_PROXY, marker[1]);
      }
    }
    for (String i : interfaces) {
      String framework = MARKER_INTERFACES.get(i);
      if (framework != null) {
        return new Verdict(Kind.INTERCEPTING_PROXY, framework);
      }
    }
    return null;
  }

  /**
   * A JDK dynamic proxy's name ({@code jdk.proxy1.$Proxy12}, {@code com.sun.proxy.$Proxy3}, or in
   * the package of a non-public interface). Checked before the JDK's name prefixes, which would
   * otherwise hide such a proxy of an application interface without a word.
   */
  public static boolean looksLikeJdkProxy(String name) {
    int simple = Math.max(name.lastIndexOf('/'), name.lastIndexOf('.')) + 1;
    if (!name.startsWith("$Proxy", simple) || name.length() == simple + 6) {
      return false;
    }
    for (int i = simple + 6; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
