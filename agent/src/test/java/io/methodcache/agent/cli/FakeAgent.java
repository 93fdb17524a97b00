package io.methodcache.agent.cli;

import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Stand-ins for the agent's MXBeans, in a private MBeanServer: the commands see the same names,
 * attributes and operations as over a JMX connection, without a second JVM. Declared here rather
 * than implementing the agent's interfaces, which grow.
 */
final class FakeAgent {
  public interface AgentMXBean {
    boolean isEnabled();
    void setEnabled(boolean enabled);
    String[] getRuleNames();
    String getConfigFile();
    String[] getProblems();
    long getInternalErrors();
    String getL2Status();
  }

  /** An agent that can reload. */
  public interface ReloadingAgentMXBean extends AgentMXBean {
    String reload();
  }

  public interface RuleMXBean {
    boolean isEnabled();
    void setEnabled(boolean enabled);
    long getHits();
    long getMisses();
    double getHitRatio();
    long getLoads();
    double getLoadTimeMeanMillis();
    long getSize();
    long getErrors();
    long getL2Hits();
    long getL2Misses();
    long getL2Errors();
    void invalidateAll();
  }

  /** A rule that can drop one key (and says what happened), and tells write rules apart. */
  public interface KeyedRuleMXBean extends RuleMXBean {
    String invalidate(String key);

    void invalidateTag(String tag);

    String getState();
    boolean isWriteRule();
    String[] getWrites();
    long getCalls();
    long getEvictionsFired();
    long getPutsFired();
    long getEvictions();
    long getInvalidations();
  }


  static class Agent implements ReloadingAgentMXBean {
    volatile boolean enabled = true;
    String[] rules = {"stock", "price-quote", "stock-save"};
    String[] problems = {};
    int reloads;

    @Override public boolean isEnabled() { return enabled; }
    @Override public void setEnabled(boolean e) { enabled = e; }
    @Override public String[] getRuleNames() { return rules; }
    @Override public String getConfigFile() { return "/srv/rules.yaml"; }
    @Override public String[] getProblems() { return problems; }
    @Override public long getInternalErrors() { return 0; }
    @Override public String getL2Status() { return "connected to redis://127.0.0.1:6379"; }

    /** Set by a test: what the next reload finds; null = a valid file. */
    String[] rejectWith;

    /** As the agent: a rejected file adds its problems, an applied one starts the list over. */
    @Override
    public String reload() {
      reloads++;
      if (rejectWith != null) {
        String[] all = java.util.Arrays.copyOf(problems, problems.length + rejectWith.length);
        System.arraycopy(rejectWith, 0, all, problems.length, rejectWith.length);
        problems = all;
        return "rejected at 2026-01-01T00:00:00Z: " + rejectWith.length + " problem(s) in"
            + " /srv/rules.yaml; none of it takes effect, the running rules are kept"
            + "\n" + String.join("\n", rejectWith);
      }
      problems = new String[0];
      return "applied at 2026-01-01T00:00:00Z: 0 added, 0 removed, 1 changed in place";
    }
  }

  /** Implements only the old interface (no reload()). */
  static class OldAgent extends Agent {
  }

  static class Rule implements KeyedRuleMXBean {
    volatile boolean enabled = true;
    String state = "on";
    boolean write;
    long hits;
    long misses;
    final List<String> invalidated = new ArrayList<>();
    /** The keys an invalidation finds here; the others are "nothing matched". */
    final List<String> cached = new ArrayList<>(List.of("-5", "--odd", "42"));

    Rule(long hits, long misses) {
      this.hits = hits;
      this.misses = misses;
    }

    @Override public String getState() { return state; }
    @Override public boolean isWriteRule() { return write; }
    @Override public String[] getWrites() {
      return write ? new String[] {"evict stock key {0.sku}"} : new String[0];
    }
    @Override public long getCalls() { return write ? 4 : 0; }
    @Override public long getEvictionsFired() { return write ? 4 : 0; }
    @Override public long getPutsFired() { return 0; }
    @Override public long getEvictions() { return write ? 0 : 3; }
    @Override public long getInvalidations() { return write ? 0 : 2; }

    @Override public boolean isEnabled() { return enabled; }
    @Override public void setEnabled(boolean e) { enabled = e; }
    @Override public long getHits() { return hits; }
    @Override public long getMisses() { return misses; }
    @Override public double getHitRatio() { return hits + misses == 0 ? 0 : (double) hits / (hits + misses); }
    @Override public long getLoads() { return misses; }
    @Override public double getLoadTimeMeanMillis() { return 1.25; }
    @Override public long getSize() { return misses; }
    @Override public long getErrors() { return 0; }
    @Override public long getL2Hits() { return 0; }
    @Override public long getL2Misses() { return 0; }
    @Override public long getL2Errors() { return 0; }
    @Override public void invalidateAll() { invalidated.add("*"); }
    @Override
    public String invalidate(String key) {
      invalidated.add(key);
      return cached.contains(key) ? "invalidated key " + key
          : "nothing matched: no key of this rule can be '" + key + "': find(long) renders its"
              + " keys as its arguments joined with ',' (long), e.g. 42";
    }
    @Override public void invalidateTag(String tag) { invalidated.add("tag " + tag); }
  }

  final MBeanServer server = MBeanServerFactory.newMBeanServer();
  final Agent agent;
  final Rule stock = new Rule(90, 10);
  final Rule price = new Rule(0, 0);
  final Rule save = new Rule(0, 0);

  /**
   * @param modern true: the agent has reload() and rules have invalidate(key)
   */
  FakeAgent(boolean modern) throws Exception {
    agent = modern ? new Agent() : new OldAgent();
    if (modern) {
      server.registerMBean(new javax.management.StandardMBean(agent, ReloadingAgentMXBean.class,
          true), RemoteAgent.AGENT);
      server.registerMBean(new javax.management.StandardMBean(stock, KeyedRuleMXBean.class, true),
          new ObjectName("io.methodcache:type=Rule,name=stock"));
      server.registerMBean(new javax.management.StandardMBean(price, KeyedRuleMXBean.class, true),
          new ObjectName("io.methodcache:type=Rule,name=price-quote"));
      save.write = true;
      server.registerMBean(new javax.management.StandardMBean(save, KeyedRuleMXBean.class, true),
          new ObjectName("io.methodcache:type=Rule,name=stock-save"));
    } else {
      agent.rules = new String[] {"stock", "price-quote"};
      server.registerMBean(new javax.management.StandardMBean(agent, AgentMXBean.class, true),
          RemoteAgent.AGENT);
      server.registerMBean(new javax.management.StandardMBean(stock, RuleMXBean.class, true),
          new ObjectName("io.methodcache:type=Rule,name=stock"));
      server.registerMBean(new javax.management.StandardMBean(price, RuleMXBean.class, true),
          new ObjectName("io.methodcache:type=Rule,name=price-quote"));
    }
  }

  Jvms.Connector connector() {
    return pid -> new Jvms.Session() {
      @Override public javax.management.MBeanServerConnection mbeans() { return server; }
      @Override public void close() {}
    };
  }
}
