package io.methodcache.it.mixed.app;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A security proxy: every call checks the current user before reaching the target, the way
 * framework interceptors do. A cache around the proxy would hand a guest the admin's answer.
 */
final class Guarded {
  static String currentUser = "admin";

  private Guarded() {}

  static Vault vault() {
    Vault target = new Vault() {
      @Override
      public String secret(String name) {
        return "secret of " + name;
      }
    };
    InvocationHandler check = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.getName().equals("equals") ? proxy == args[0]
            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "vault";
      }
      if (!currentUser.equals("admin")) {
        throw new SecurityException(currentUser + " may not call " + method.getName());
      }
      return method.invoke(target, args);
    };
    return (Vault) Proxy.newProxyInstance(Vault.class.getClassLoader(), new Class<?>[] {Vault.class},
        check);
  }
}
