package io.methodcache.it.apps;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Reads the agent's MBeans from inside the forked app (the platform MBeanServer), waiting for their
 * registration with a deadline. Absent values are reported as such, never guessed.
 */
public final class AgentProbe {
  private AgentProbe() {}

  public static ObjectName agentName() {
    return name("io.methodcache:type=Agent");
  }

  public static ObjectName ruleName(String rule) {
    return name("io.methodcache:type=Rule,name=" + rule);
  }

  /** Waits until the agent MBean is registered; false after {@code millis}. */
  public static boolean awaitAgent(long millis) {
    return awaitRegistered(agentName(), millis);
  }

  public static boolean awaitRegistered(ObjectName name, long millis) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (!server.isRegistered(name)) {
      if (System.nanoTime() > deadline) return false;
      sleep(10);
    }
    return true;
  }

  public static Object agent(String attribute) {
    return attribute(agentName(), attribute);
  }

  public static Object rule(String rule, String attribute) {
    awaitRegistered(ruleName(rule), 5000);
    return attribute(ruleName(rule), attribute);
  }

  public static void setRuleEnabled(String rule, boolean enabled) throws Exception {
    ManagementFactory.getPlatformMBeanServer()
        .setAttribute(ruleName(rule), new javax.management.Attribute("Enabled", enabled));
  }

  /** Prints the agent-wide facts every scenario asserts on. */
  public static void reportAgent() {
    boolean registered = awaitAgent(10_000);
    Report.put("agent.mbean", registered);
    if (registered) {
      Report.put("agent.internalErrors", String.valueOf(agent("InternalErrors")));
      Object problems = agent("Problems");
      Report.put("agent.problems", problems instanceof String[] ? Arrays.toString((String[]) problems) : problems);
    }
  }

  /** Prints Hits, Misses, Loads, Size, Errors of one rule as {@code rule.<name>.<attr>}. */
  public static void reportRule(String rule, String... attributes) {
    for (String attribute : attributes) {
      Report.put("rule." + rule + "." + attribute, String.valueOf(rule(rule, attribute)));
    }
  }

  private static Object attribute(ObjectName name, String attribute) {
    try {
      return ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
    } catch (Exception e) {
      return "!" + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (Exception e) {
      throw new IllegalArgumentException(name, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
