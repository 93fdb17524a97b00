package io.methodcache.agent.jmx;

import io.methodcache.agent.ProblemLog;
import io.methodcache.agent.Reloader;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.Faults;

final class AgentBean implements AgentMXBean {
  private final Engine engine;
  private final String configFile;
  private final ProblemLog problems;

  private final Reloader reloader;

  AgentBean(Engine engine, String configFile, ProblemLog problems, Reloader reloader) {
    this.engine = engine;
    this.configFile = configFile;
    this.problems = problems;
    this.reloader = reloader;
  }

  @Override public String reload() { return reloader.reload(); }
  @Override public String getLastLoadResult() { return reloader.lastResult(); }

  @Override public boolean isEnabled() { return engine.enabled(); }
  @Override public void setEnabled(boolean enabled) { engine.setEnabled(enabled); }
  @Override public String[] getRuleNames() { return engine.rules().keySet().toArray(new String[0]); }
  @Override public String getConfigFile() { return configFile; }
  @Override public String[] getProblems() { return problems.all().toArray(new String[0]); }
  @Override public long getInternalErrors() { return Faults.count(); }

  @Override
  public String getL2Status() {
    return engine.tier() == null ? "off" : engine.tier().status();
  }

  @Override
  public String getBreakerState() {
    return engine.tier() == null ? "off" : engine.tier().breakerState();
  }

  @Override
  public boolean isInvalidationLogLive() {
    return engine.tier() != null && engine.tier().invalidationLogLive();
  }

  @Override
  public long getInvalidationsSent() {
    return engine.tier() == null ? 0 : engine.tier().invalidationsSent();
  }

  @Override
  public long getInvalidationsReceived() {
    return engine.tier() == null ? 0 : engine.tier().invalidationsReceived();
  }

  @Override
  public long getL1ClearsAfterGap() {
    return engine.tier() == null ? 0 : engine.tier().l1ClearsAfterGap();
  }
}
