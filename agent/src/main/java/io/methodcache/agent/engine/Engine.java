package io.methodcache.agent.engine;

import io.methodcache.agent.bootstrap.Control;
import io.methodcache.agent.bootstrap.Dispatcher;
import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.EvictTarget;
import io.methodcache.agent.config.KeyTemplate;
import io.methodcache.agent.config.RuleConfig;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The rule runtime behind {@link io.methodcache.agent.bootstrap.Dispatch}: finds the call's site
 * by its constant id (an array index, no look-up by name), builds the key and consults the site.
 * Every fault of its own is caught here, counted, and turned into "run the body uncached".
 */
public final class Engine implements Dispatcher, Control {
  private volatile Map<String, RuleRuntime> rules;
  private volatile Site[] sites = new Site[0];
  private volatile boolean enabled = true;

  private final SharedTier tier;
  private static final Object[] NO_ARGS = new Object[0];

  public Engine(Collection<RuleConfig> configs) {
    this(configs, null);
  }

  /** @param tier the shared tier, or null for L1 only */
  public Engine(Collection<RuleConfig> configs, SharedTier tier) {
    Map<String, RuleRuntime> m = new LinkedHashMap<>();
    for (RuleConfig c : configs) {
      m.put(c.name(), new RuleRuntime(c, tier));
    }
    for (String name : keyTargets(configs)) {
      RuleRuntime r = m.get(name);
      if (r != null) {
        r.markKeyTarget(); // before any cache exists: nothing to rebuild
      }
    }
    this.rules = Collections.unmodifiableMap(m);
    this.tier = tier;
  }

  /**
   * A tag eviction: every rule with a tag template of this shape (any shape when null) drops its
   * entries carrying {@code tag} (a rule whose tags cannot render it has none). False when no
   * rule was concerned.
   */
  boolean evictTag(String shape, String tag) {
    boolean any = false;
    for (RuleRuntime r : rules.values()) {
      for (KeyTemplate t : r.config().tags()) {
        if (shape == null || t.shape().equals(shape)) {
          r.evictTag(tag);
          any = true;
          break;
        }
      }
    }
    return any;
  }

  /** Rules whose entries a write rule names by key ({@code put:}, {@code evict: {key: …}}). */
  private static Set<String> keyTargets(Collection<RuleConfig> configs) {
    Set<String> names = new HashSet<>();
    for (RuleConfig c : configs) {
      if (c.put() != null) {
        names.add(c.put().rule());
      }
      for (EvictTarget t : c.evict()) {
        if (t.kind() == EvictTarget.Kind.KEY) {
          names.add(t.rule());
        }
      }
    }
    return names;
  }

  /** Null when no shared tier is configured. */
  public SharedTier tier() { return tier; }

  public Map<String, RuleRuntime> rules() { return rules; }

  public RuleRuntime rule(String name) { return rules.get(name); }

  public boolean enabled() { return enabled; }

  /** The agent-wide switch; takes effect on the next call of every rule. */
  public void setEnabled(boolean on) {
    enabled = on;
    for (RuleRuntime r : rules.values()) {
      r.setAgentEnabled(on);
    }
  }

  /** Registers a method of {@code rule} and returns its site id, the constant the advice passes. */
  public synchronized int addSite(RuleRuntime rule, Site.MethodInfo method) {
    Site[] current = sites;
    Site site = rule.newSite(current.length, method);
    Site[] next = Arrays.copyOf(current, current.length + 1);
    next[site.id] = site;
    sites = next;
    return site.id;
  }

  /**
   * Applies a reloaded, valid rules file. A rule whose settings are unchanged keeps its cache; a
   * changed rule that caches the same methods starts over in place (same sites, no
   * retransformation); a rule whose methods changed, or that is new or gone, is returned so that
   * the classes it concerns can be retransformed.
   */
  public synchronized Changes apply(Collection<RuleConfig> next) {
    Map<String, RuleRuntime> current = rules;
    Map<String, RuleRuntime> m = new LinkedHashMap<>();
    Changes changes = new Changes();
    for (RuleConfig c : next) {
      RuleRuntime r = current.get(c.name());
      if (r != null && r.config().method().equals(c.method())) {
        if (!r.config().sameSettings(c)) {
          Site[] table = Arrays.copyOf(sites, sites.length);
          for (Site s : r.reconfigure(c)) {
            table[s.id] = s;
          }
          sites = table;
          changes.changed.add(c.name());
        } else if (r.enabled() != c.enabled()) {
          r.setEnabled(c.enabled());
          changes.changed.add(c.name());
        }
        m.put(c.name(), r);
      } else {
        RuleRuntime fresh = new RuleRuntime(c, tier);
        fresh.setAgentEnabled(enabled);
        m.put(c.name(), fresh);
        changes.added.add(fresh);
        if (r != null) {
          r.retire();
          changes.removed.add(r);
        }
      }
    }
    for (RuleRuntime r : current.values()) {
      if (!m.containsKey(r.name())) {
        r.retire();
        changes.removed.add(r);
      }
    }
    for (String name : keyTargets(next)) {
      RuleRuntime r = m.get(name);
      if (r != null && r.markKeyTarget()) {
        // named by key by a new write rule: rebuilt with the text index (it starts over)
        Site[] table = Arrays.copyOf(sites, sites.length);
        for (Site s : r.reconfigure(r.config())) {
          table[s.id] = s;
        }
        sites = table;
      }
    }
    rules = Collections.unmodifiableMap(m);
    return changes;
  }

  /** What a reload did. */
  public static final class Changes {
    public final java.util.List<RuleRuntime> added = new java.util.ArrayList<>();
    public final java.util.List<RuleRuntime> removed = new java.util.ArrayList<>();
    public final java.util.List<String> changed = new java.util.ArrayList<>();

    public boolean needsRetransform() {
      return !added.isEmpty() || !removed.isEmpty();
    }

    @Override
    public String toString() {
      return added.size() + " added, " + removed.size() + " removed, " + changed.size()
          + " changed in place";
    }
  }

  /** A problem found when a class loads: the rule stops caching everywhere. */
  public void markBroken(RuleRuntime rule) {
    rule.markBroken();
  }

  // ---- Dispatcher: the hot path ----

  @Override
  public Object enter0(int id, Object self) {
    Site s = sites[id];
    if (!s.rule.active || (s.refreshAhead && Refresher.isReloading(id))) {
      return null;
    }
    if (s.write) {
      return write(s, new Object[0]);
    }
    try {
      Object key = s.plainKeys ? KeyStrategy.NO_ARGS : s.keys.of0(self);
      if (s.receiverKeyed && (key = s.receivers.qualify(self, key)) == null) {
        return null;
      }
      Object r = s.tagged ? s.lookup(key, NO_ARGS) : s.lookup(key);
      if (s.refreshAhead && refreshDue(r)) {
        s.cache.maybeRefresh(s, (Entry) r, s.own(key), self, new Object[0]);
      }
      return s.copyOnRead ? s.copyOut(r) : r;
    } catch (Throwable t) {
      s.fault(t);
      return null;
    }
  }

  @Override
  public Object enter1(int id, Object self, Object a0) {
    Site s = sites[id];
    if (!s.rule.active || (s.refreshAhead && Refresher.isReloading(id))) {
      return null;
    }
    if (s.write) {
      return write(s, new Object[] {a0});
    }
    try {
      Object key = s.plainKeys ? KeyValues.normalize(a0) : s.keys.of1(self, a0);
      if (s.receiverKeyed && (key = s.receivers.qualify(self, key)) == null) {
        return null;
      }
      Object r = s.tagged ? s.hit(key) : s.lookup(key);
      if (r == null && s.tagged) {
        r = s.lookup(key, new Object[] {a0});
      }
      if (s.refreshAhead && refreshDue(r)) {
        s.cache.maybeRefresh(s, (Entry) r, s.own(key), self, new Object[] {a0});
      }
      return s.copyOnRead ? s.copyOut(r) : r;
    } catch (Throwable t) {
      s.fault(t);
      return null;
    }
  }

  @Override
  public Object enter2(int id, Object self, Object a0, Object a1) {
    Site s = sites[id];
    if (!s.rule.active || (s.refreshAhead && Refresher.isReloading(id))) {
      return null;
    }
    if (s.write) {
      return write(s, new Object[] {a0, a1});
    }
    try {
      Object key = s.keys.of2(self, a0, a1);
      if (s.receiverKeyed && (key = s.receivers.qualify(self, key)) == null) {
        return null;
      }
      Object r = s.tagged ? s.hit(key) : s.lookup(key);
      if (r == null && s.tagged) {
        r = s.lookup(key, new Object[] {a0, a1});
      }
      if (s.refreshAhead && refreshDue(r)) {
        s.cache.maybeRefresh(s, (Entry) r, s.own(key), self, new Object[] {a0, a1});
      }
      return s.copyOnRead ? s.copyOut(r) : r;
    } catch (Throwable t) {
      s.fault(t);
      return null;
    }
  }

  @Override
  public Object enter3(int id, Object self, Object a0, Object a1, Object a2) {
    Site s = sites[id];
    if (!s.rule.active || (s.refreshAhead && Refresher.isReloading(id))) {
      return null;
    }
    if (s.write) {
      return write(s, new Object[] {a0, a1, a2});
    }
    try {
      Object key = s.keys.of3(self, a0, a1, a2);
      if (s.receiverKeyed && (key = s.receivers.qualify(self, key)) == null) {
        return null;
      }
      Object r = s.tagged ? s.hit(key) : s.lookup(key);
      if (r == null && s.tagged) {
        r = s.lookup(key, new Object[] {a0, a1, a2});
      }
      if (s.refreshAhead && refreshDue(r)) {
        s.cache.maybeRefresh(s, (Entry) r, s.own(key), self, new Object[] {a0, a1, a2});
      }
      return s.copyOnRead ? s.copyOut(r) : r;
    } catch (Throwable t) {
      s.fault(t);
      return null;
    }
  }

  @Override
  public Object enterN(int id, Object self, Object[] args) {
    Site s = sites[id];
    if (!s.rule.active || (s.refreshAhead && Refresher.isReloading(id))) {
      return null;
    }
    if (s.write) {
      return write(s, args);
    }
    try {
      Object[] call = s.refreshAhead ? args.clone() : null; // the key normalises args in place
      Object key = s.keys.ofN(self, args);
      if (s.receiverKeyed && (key = s.receivers.qualify(self, key)) == null) {
        return null;
      }
      Object r = s.tagged ? s.lookup(key, args) : s.lookup(key);
      if (s.refreshAhead && refreshDue(r)) {
        s.cache.maybeRefresh(s, (Entry) r, s.own(key), self, call);
      }
      return s.copyOnRead ? s.copyOut(r) : r;
    } catch (Throwable t) {
      s.fault(t);
      return null;
    }
  }

  /** A write rule's call: never skips the body; its evictions apply around it. */
  private Object write(Site s, Object[] args) {
    try {
      return WriteCall.start(this, s, args);
    } catch (Throwable t) {
      s.fault(t);
      return null;
    }
  }

  /** A cached entry past its refresh point (only refresh-ahead rules set one). */
  private static boolean refreshDue(Object r) {
    return r instanceof Entry && ((Entry) r).refreshAt - CoarseTicker.INSTANCE.read() < 0;
  }

  @Override
  public Object exit(Object state, Object returned, Throwable thrown) {
    if (state instanceof Hit) { // completed by the exit advice itself; kept for direct callers
      Hit hit = (Hit) state;
      if (hit.thrown != null) {
        throw Engine.<RuntimeException>sneaky(hit.thrown);
      }
      return hit.value;
    }
    if (state instanceof WriteCall) {
      try {
        ((WriteCall) state).complete(returned, thrown);
      } catch (Throwable t) {
        Faults.record();
      }
      return returned;
    }
    if (state instanceof Load) {
      Load load = (Load) state;
      try {
        load.site.cache.complete(load, returned, thrown);
      } catch (Throwable t) {
        load.site.fault(t);
      }
    }
    return returned;
  }

  /** Rethrows the leader's own throwable, checked or not, exactly as the method threw it. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  // ---- Control: reached from agent-api ----

  @Override
  public boolean invalidateTag(String tag) {
    return evictTag(null, tag);
  }

  @Override
  public boolean invalidateAll(String rule) {
    RuleRuntime r = rules.get(rule);
    if (r == null) {
      return false;
    }
    r.invalidateAll();
    return true;
  }

  @Override
  public boolean invalidate(String rule, Object[] args) {
    RuleRuntime r = rules.get(rule);
    if (r == null) {
      return false;
    }
    Object[] a = args == null ? new Object[0] : args;
    if (r.sites().isEmpty()) {
      r.invalidateUnloaded(a); // this JVM never loaded the method; other JVMs may cache it
      return true;
    }
    for (Site s : r.sites()) {
      if (s.arity != a.length) {
        continue; // another overload of the rule: these arguments cannot be its key
      }
      if (s.keys.needsReceiver()) {
        // the key names {this}, which arguments alone cannot give: drop the rule's entries
        io.methodcache.agent.Log.warnOnce("invalidate-receiver|" + rule, "rule '" + rule
            + "': its key names {this}, which invalidate(rule, args) cannot give; every entry of"
            + " the rule was dropped instead. Fix: invalidate by the key's text (JMX, CLI)");
        r.invalidateAll();
        return true;
      }
      try {
        s.invalidate(s.keys.of(a.clone())); // key building may normalise the array in place
      } catch (RuntimeException e) {
        s.fault(e);
      }
    }
    return true;
  }

  @Override
  public Map<String, Number> stats(String rule) {
    RuleRuntime r = rules.get(rule);
    if (r == null) {
      return null;
    }
    RuleStats st = r.stats();
    Map<String, Number> m = new LinkedHashMap<>();
    m.put("hits", st.hits());
    m.put("misses", st.misses());
    m.put("hitRatio", st.hitRatio());
    m.put("loads", st.loads());
    m.put("loadFailures", st.loadFailures());
    m.put("staleFillsDropped", st.staleFillsDropped());
    m.put("loadTimeMeanMillis", st.loadTimeMeanMillis());
    m.put("stampedeWaits", st.stampedeWaits());
    m.put("stampedeTimeouts", st.stampedeTimeouts());
    m.put("errors", st.errors());
    m.put("uncacheable", st.uncacheable());
    m.put("size", r.size());
    m.put("l2Hits", st.l2Hits());
    m.put("l2Misses", st.l2Misses());
    m.put("l2Errors", st.l2Errors());
    m.put("l2Unsigned", st.l2Unsigned());
    m.put("l2Timeouts", st.l2Timeouts());
    m.put("l2Skipped", st.l2Skipped());
    m.put("refreshes", st.refreshes());
    m.put("refreshFailures", st.refreshFailures());
    m.put("earlyRecomputes", st.earlyRecomputes());
    return Collections.unmodifiableMap(m);
  }
}
