package io.methodcache.it.proxies;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import net.bytebuddy.implementation.bind.annotation.AllArguments;
import net.bytebuddy.implementation.bind.annotation.Origin;
import net.bytebuddy.implementation.bind.annotation.RuntimeType;
import net.bytebuddy.implementation.bind.annotation.SuperCall;

/** The interceptor of the Byte Buddy proxy: the security check, then the real method. */
public final class VaultGuard {
  private VaultGuard() {}

  @RuntimeType
  public static Object intercept(@Origin Method method, @AllArguments Object[] args,
      @SuperCall Callable<?> real) throws Exception {
    Caller.requireAdmin(method.getName() + "(" + args[0] + ")");
    return real.call();
  }
}
