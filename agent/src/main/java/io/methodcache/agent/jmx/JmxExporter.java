package io.methodcache.agent.jmx;

import io.methodcache.agent.Log;
import io.methodcache.agent.ProblemLog;
import io.methodcache.agent.Reloader;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.RuleRuntime;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the MXBeans from a daemon thread after a delay ({@code -Dmethodcache.jmx.delay},
 * milliseconds, default 1000; {@code -Dmethodcache.jmx=false} to skip). Never from premain: the
 * platform MBeanServer initialises java.util.logging, which breaks app servers (WildFly/JBoss)
 * that install their own LogManager once their main method runs.
 */
public final class JmxExporter {
  private final Engine engine;
  private final String configFile;
  private final ProblemLog problems;
  private final java.util.Set<String> registered = new java.util.HashSet<>();
  private MBeanServer server;

  public JmxExporter(Engine engine, String configFile, ProblemLog problems) {
    this.engine = engine;
    this.configFile = configFile;
    this.problems = problems;
  }

  public void start(Reloader reloader) {
    if ("false".equalsIgnoreCase(System.getProperty("methodcache.jmx", "true").trim())) {
      return;
    }
    long delay = delayMillis();
    Thread t = new Thread(() -> {
      try {
        if (delay > 0) {
          Thread.sleep(delay);
        }
        register(reloader);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable e) {
        Log.warn("JMX beans not registered: " + e);
      }
    }, "methodcache-jmx");
    t.setDaemon(true);
    t.start();
  }

  private static long delayMillis() {
    try {
      return Math.max(0, Long.parseLong(System.getProperty("methodcache.jmx.delay", "1000").trim()));
    } catch (NumberFormatException e) {
      return 1000;
    }
  }

  private synchronized void register(Reloader reloader) throws Exception {
    server = ManagementFactory.getPlatformMBeanServer();
    server.registerMBean(new AgentBean(engine, configFile, problems, reloader),
        new ObjectName("io.methodcache:type=Agent"));
    sync();
    Log.info("JMX beans registered under io.methodcache");
  }

  /**
   * Makes the rule beans match the engine's rules (after a reload): a bean per rule, each bound
   * to the rule's current runtime.
   */
  public synchronized void sync() {
    if (server == null) {
      return; // not registered yet: registration will see the current rules
    }
    try {
      for (String name : new java.util.ArrayList<>(registered)) {
        server.unregisterMBean(ruleName(name));
        registered.remove(name);
      }
      for (RuleRuntime rule : engine.rules().values()) {
        server.registerMBean(new RuleBean(rule), ruleName(rule.name()));
        registered.add(rule.name());
      }
    } catch (Exception e) {
      Log.warn("JMX rule beans not updated: " + e);
    }
  }

  private static ObjectName ruleName(String rule) throws Exception {
    return new ObjectName("io.methodcache:type=Rule,name=" + rule); // [a-z0-9-]: no quoting
  }
}
