package io.methodcache.it.mixed.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * JDK dynamic proxies for cached interfaces: each handler adds its own prefix around the target,
 * so two proxies of one interface answer differently for the same argument.
 */
final class Proxies {
  private Proxies() {}

  static Lookup lookup(Lookup target, String prefix) {
    return (Lookup) Proxy.newProxyInstance(Lookup.class.getClassLoader(),
        new Class<?>[] {Lookup.class}, new Prefixing(target, prefix));
  }

  static Resolver resolver(String prefix) {
    Resolver target = new Resolver() {
      @Override
      public String resolve(String name) {
        return name.toLowerCase();
      }

      @Override
      public int weight(String name) {
        return name.length();
      }
    };
    return (Resolver) Proxy.newProxyInstance(Resolver.class.getClassLoader(),
        new Class<?>[] {Resolver.class}, new Prefixing(target, prefix));
  }

  /** Prefixes text results and adds the prefix's length to int results; Object's methods pass. */
  private static final class Prefixing implements InvocationHandler {
    private final Object target;
    private final String prefix;

    Prefixing(Object target, String prefix) {
      this.target = target;
      this.prefix = prefix;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        switch (method.getName()) {
          case "equals": return proxy == args[0];
          case "hashCode": return System.identityHashCode(proxy);
          default: return prefix + "-proxy";
        }
      }
      if (method.isDefault()) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (result instanceof String) {
        return prefix + ":" + result;
      }
      if (result instanceof Integer) {
        return (Integer) result + prefix.length();
      }
      return result;
    }
  }
}
