package io.methodcache.agent.jmx;

import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;

final class RuleBean implements RuleMXBean {
  private final RuleRuntime rule;

  RuleBean(RuleRuntime rule) {
    this.rule = rule;
  }

  @Override public boolean isEnabled() { return rule.enabled(); }
  @Override public void setEnabled(boolean enabled) { rule.setEnabled(enabled); }

  @Override
  public String[] getMethods() {
    return rule.sites().stream().map(Site::method).toArray(String[]::new);
  }

  @Override public long getTtlMillis() { return rule.ttlMillis(); }
  @Override public void setTtlMillis(long millis) { rule.setTtlMillis(millis); }
  @Override public double getLoadTimeP99Millis() { return rule.stats().loadTimeP99Millis(); }
  @Override public long getEvictions() { return rule.stats().evictions(); }
  @Override public long getRefreshes() { return rule.stats().refreshes(); }
  @Override public long getRefreshFailures() { return rule.stats().refreshFailures(); }
  @Override public long getEarlyRecomputes() { return rule.stats().earlyRecomputes(); }
  @Override public long getInvalidations() { return rule.stats().invalidations(); }
  @Override public long getPuts() { return rule.stats().puts(); }
  @Override public long getHits() { return rule.stats().hits(); }
  @Override public long getMisses() { return rule.stats().misses(); }
  @Override public double getHitRatio() { return rule.stats().hitRatio(); }
  @Override public long getLoads() { return rule.stats().loads(); }
  @Override public long getLoadFailures() { return rule.stats().loadFailures(); }
  @Override public double getLoadTimeMeanMillis() { return rule.stats().loadTimeMeanMillis(); }
  @Override public long getStampedeWaits() { return rule.stats().stampedeWaits(); }
  @Override public long getStampedeTimeouts() { return rule.stats().stampedeTimeouts(); }
  @Override public long getErrors() { return rule.stats().errors(); }
  @Override public long getUncacheable() { return rule.stats().uncacheable(); }
  @Override public long getSize() { return rule.size(); }
  @Override public long getL2Hits() { return rule.stats().l2Hits(); }
  @Override public long getL2Misses() { return rule.stats().l2Misses(); }
  @Override public long getL2Errors() { return rule.stats().l2Errors(); }
  @Override public long getL2Timeouts() { return rule.stats().l2Timeouts(); }
  @Override public long getL2Skipped() { return rule.stats().l2Skipped(); }
  @Override public void invalidateAll() { rule.invalidateAll(); }
  @Override public void invalidate(String key) { rule.invalidateRendered(key); }
  @Override public void invalidateTag(String tag) {
    if (rule.config().tags().isEmpty()) {
      throw new IllegalArgumentException("rule '" + rule.name() + "' has no tags: nothing carries '"
          + tag + "'; give the rule tags: [...] in the rules file, or invalidate by key");
    }
    rule.evictTag(tag);
  }
}
