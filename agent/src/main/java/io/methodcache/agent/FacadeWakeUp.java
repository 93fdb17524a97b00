package io.methodcache.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * Tells the agent-api facades already loaded (an application that called {@code MethodCache}
 * before the agent was attached) that the agent is here, so they stop being no-ops at once
 * rather than on their next periodic look. A facade from before this hook existed has no such
 * method and finds the agent by itself; any failure here only delays that.
 */
final class FacadeWakeUp {
  private static final String FACADE = "io.methodcache.api.MethodCache";

  private FacadeWakeUp() {}

  static void notifyLoaded(Instrumentation inst) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (!FACADE.equals(c.getName())) {
        continue;
      }
      try {
        Method hook = c.getDeclaredMethod("agentArrived");
        hook.setAccessible(true);
        hook.invoke(null);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Log.debug("agent-api facade in " + c.getClassLoader() + " not told of the agent: " + e);
      }
    }
  }
}
