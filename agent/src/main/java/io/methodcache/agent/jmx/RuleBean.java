package io.methodcache.agent.jmx;

import io.methodcache.agent.config.EvictTarget;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.Tier;
import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;
import io.methodcache.agent.metrics.Figure;
import io.methodcache.agent.metrics.Figures;
import java.util.ArrayList;
import java.util.List;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;
import javax.management.StandardMBean;
import javax.management.openmbean.SimpleType;

/**
 * The rule's MBean: an MXBean of {@link RuleMXBean} (switches, settings, operations) whose
 * figures are the catalog's ({@link Figures}), added as read-only attributes: a figure added to
 * the catalog is an attribute here, as it is a meter in Micrometer and Prometheus.
 */
final class RuleBean extends StandardMBean implements RuleMXBean {
  private final RuleRuntime rule;
  private volatile MBeanInfo info;

  RuleBean(RuleRuntime rule) {
    super(RuleMXBean.class, true);
    this.rule = rule;
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    MBeanInfo i = info;
    if (i == null) {
      MBeanInfo standard = super.getMBeanInfo();
      List<MBeanAttributeInfo> attributes = new ArrayList<>(List.of(standard.getAttributes()));
      for (Figure f : Figures.ALL_FIGURES) {
        // as the MXBean introspector describes a primitive getter: type "long", open type Long
        String type = f.whole() ? "long" : "double";
        attributes.add(new MBeanAttributeInfo(f.jmxAttribute(), type, f.description(), true,
            false, false, new ImmutableDescriptor(new String[] {"openType", "originalType"},
                new Object[] {f.whole() ? SimpleType.LONG : SimpleType.DOUBLE, type})));
      }
      i = new MBeanInfo(standard.getClassName(), standard.getDescription(),
          attributes.toArray(new MBeanAttributeInfo[0]), standard.getConstructors(),
          standard.getOperations(), standard.getNotifications(), standard.getDescriptor());
      info = i;
    }
    return i;
  }

  /** The value of a catalog figure, null when {@code name} is not one. */
  Object figure(String name) {
    for (Figure f : Figures.ALL_FIGURES) {
      if (f.jmxAttribute().equals(name)) {
        return f.value(rule);
      }
    }
    return null;
  }

  @Override
  public Object getAttribute(String name)
      throws AttributeNotFoundException, MBeanException, ReflectionException {
    Object v = figure(name);
    return v != null ? v : super.getAttribute(name);
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    AttributeList out = new AttributeList();
    for (String name : names) {
      try {
        out.add(new Attribute(name, getAttribute(name)));
      } catch (Exception e) {
        // as StandardMBean does: an attribute that cannot be read is left out
      }
    }
    return out;
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


  @Override
  public String[] getMethods() {
    return rule.sites().stream().map(Site::method).toArray(String[]::new);
  }

  @Override public long getTtlMillis() { return rule.ttlMillis(); }
  @Override public void setTtlMillis(long millis) { rule.setTtlMillis(millis); }
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
