package io.methodcache.agent.jmx;

import io.methodcache.agent.config.EvictTarget;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.Tier;
import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;
import java.util.ArrayList;
import java.util.List;

final class RuleBean implements RuleMXBean {
  private final RuleRuntime rule;

  RuleBean(RuleRuntime rule) {
    this.rule = rule;
  }

  @Override public boolean isEnabled() { return rule.enabled(); }
  @Override public void setEnabled(boolean enabled) { rule.setEnabled(enabled); }

  @Override
  public String getState() {
    return rule.broken() ? "broken" : rule.enabled() ? "on" : "off";
  }

  @Override public boolean isWriteRule() { return rule.config().isWriteRule(); }

  @Override
  public String[] getWrites() {
    RuleConfig c = rule.config();
    List<String> out = new ArrayList<>();
    for (EvictTarget t : c.evict()) {
      String when = t.before() ? " before the method" : "";
      switch (t.kind()) {
        case KEY:
          out.add("evict " + t.rule() + " key " + t.key().text() + when);
          break;
        case ALL:
          out.add("evict all of " + t.rule() + when);
          break;
        default:
          out.add("evict tag " + t.tag().text() + when);
      }
    }
    if (c.put() != null) {
      out.add("put " + c.put().rule() + " key " + c.put().key().text());
    }
    return out.toArray(new String[0]);
  }

  @Override public long getCalls() { return rule.stats().writeCalls(); }
  @Override public long getEvictionsFired() { return rule.stats().evictionsFired(); }
  @Override public long getPutsFired() { return rule.stats().putsFired(); }

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
  @Override public double getLoadTimeTotalMillis() { return rule.stats().loadNanos() / 1e6; }
  @Override public long getStampedeWaits() { return rule.stats().stampedeWaits(); }
  @Override public long getStampedeTimeouts() { return rule.stats().stampedeTimeouts(); }
  @Override public long getErrors() { return rule.stats().errors(); }
  @Override public long getUncacheable() { return rule.stats().uncacheable(); }
  @Override public long getSize() { return rule.size(); }
  @Override public long getL2Hits() { return rule.stats().l2Hits(); }
  @Override public long getL2Misses() { return rule.stats().l2Misses(); }
  @Override public long getL2Errors() { return rule.stats().l2Errors(); }
  @Override public long getL2Unsigned() { return rule.stats().l2Unsigned(); }
  @Override public long getStaleFillsDropped() { return rule.stats().staleFillsDropped(); }
  @Override public long getL2Timeouts() { return rule.stats().l2Timeouts(); }
  @Override public long getL2Skipped() { return rule.stats().l2Skipped(); }
  @Override
  public void invalidateAll() {
    refuseWriteRule();
    rule.invalidateAll();
  }

  @Override
  public String invalidate(String key) {
    refuseWriteRule();
    if (rule.invalidateRendered(key)) {
      return "invalidated key " + key;
    }
    List<String> methods = new ArrayList<>();
    for (Site s : rule.sites()) {
      methods.add(s.method());
    }
    String shape = KeyShape.impossible(key, rule.config().key(), methods);
    if (shape != null) {
      return "nothing matched: no key of this rule can be '" + key + "': " + shape;
    }
    if (rule.config().uses(Tier.L2)) {
      return "key " + key + " is not cached in this JVM; the invalidation was sent to L2 and"
          + " the other JVMs";
    }
    return "nothing matched: key " + key + " is not cached (the rule caches in this JVM only)";
  }

  /** A write rule caches nothing: an invalidation naming it is a mistake, not a no-op. */
  private void refuseWriteRule() {
    if (!rule.config().isWriteRule()) {
      return;
    }
    List<String> targets = new ArrayList<>();
    for (EvictTarget t : rule.config().evict()) {
      if (t.rule() != null && !targets.contains(t.rule())) {
        targets.add(t.rule());
      }
    }
    if (rule.config().put() != null && !targets.contains(rule.config().put().rule())) {
      targets.add(rule.config().put().rule());
    }
    throw new IllegalArgumentException("rule '" + rule.name() + "' is a write rule, it caches"
        + " nothing" + (targets.isEmpty() ? "; invalidate a caching rule, or a tag"
            : "; invalidate the rule it writes to instead: " + String.join(", ", targets)));
  }

  @Override public void invalidateTag(String tag) {
    refuseWriteRule();
    if (rule.config().tags().isEmpty()) {
      throw new IllegalArgumentException("rule '" + rule.name() + "' has no tags: nothing carries '"
          + tag + "'; give the rule tags: [...] in the rules file, or invalidate by key");
    }
    rule.evictTag(tag);
  }
}
