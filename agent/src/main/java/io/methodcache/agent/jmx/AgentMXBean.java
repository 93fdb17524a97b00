package io.methodcache.agent.jmx;

/** {@code io.methodcache:type=Agent}: the agent as a whole. */
public interface AgentMXBean {
  /** The agent-wide switch: false makes every cached method run its body. */
  boolean isEnabled();

  void setEnabled(boolean enabled);

  String[] getRuleNames();

  String getConfigFile();

  /**
   * What the last load of the rules file did: "loaded at start: …", "applied at …: …", or
   * "rejected at …: …" followed by one line per problem (FILE:LINE:COL: rule 'NAME': message).
   */
  String getLastLoadResult();

  /**
   * Reads the rules file again, all or nothing: a file with any problem, including rules that do
   * not fit the classes loaded now, is rejected and the running rules stay untouched; a valid one
   * is applied. Returns {@link #getLastLoadResult()}.
   */
  String reload();

  /**
   * Every problem found in the rules in force, as FILE:LINE:COL: message (at start, when a class
   * loaded, in a rejected reload); an applied reload starts the list over.
   */
  String[] getProblems();

  /** Faults inside the agent's own code (each call concerned ran uncached). */
  long getInternalErrors();

  /** The shared tier: "off" without a redis: section, else connecting / connected / down …. */
  String getL2Status();

  /** CLOSED, OPEN or HALF_OPEN ("off" without a shared tier). */
  String getBreakerState();

  /** True once this JVM reads the invalidation log (false without a shared tier). */
  boolean isInvalidationLogLive();

  long getInvalidationsSent();

  long getInvalidationsReceived();

  /** Times L1 of every L2-backed rule was cleared because invalidations may have been missed. */
  long getL1ClearsAfterGap();
}
