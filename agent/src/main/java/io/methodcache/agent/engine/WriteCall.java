package io.methodcache.agent.engine;

import io.methodcache.agent.Log;
import io.methodcache.agent.config.EvictTarget;
import io.methodcache.agent.config.PutTarget;
import io.methodcache.agent.config.RuleConfig;

/**
 * A call of a write rule's method ({@code evict:} / {@code put:}): evictions marked
 * {@code before: true} are applied when it starts, the others only when it returns normally.
 * Target keys are rendered from this method's arguments with the target's key template and
 * matched against the target rule's keys in text form (so an {@code int} id evicts a {@code long}
 * key), in this JVM, in L2 and, through the invalidation log, in every other JVM.
 *
 * <p>{@code put:} is applied as an eviction of that key in every tier: the next read loads the
 * value the write produced. It never leaves a stale value, but it is not yet a write-through.
 */
final class WriteCall {
  private final Engine engine;
  private final Site site;
  private final Object[] args;

  private WriteCall(Engine engine, Site site, Object[] args) {
    this.engine = engine;
    this.site = site;
    this.args = args;
  }

  static WriteCall start(Engine engine, Site site, Object[] args) {
    WriteCall call = new WriteCall(engine, site, args);
    call.apply(true);
    return call;
  }

  /** After the method: a normal return applies the remaining evictions and the put. */
  void complete(Throwable thrown) {
    if (thrown == null) {
      apply(false);
    }
  }

  private void apply(boolean before) {
    RuleConfig config = site.rule.config();
    for (EvictTarget t : config.evict()) {
      if (t.before() == before) {
        evict(t);
      }
    }
    PutTarget put = config.put();
    if (put != null && !before) {
      RuleRuntime target = engine.rule(put.rule());
      if (target != null) {
        target.invalidateRendered(new KeyRenderer(put.key()).render(args));
      }
    }
  }

  private void evict(EvictTarget t) {
    switch (t.kind()) {
      case KEY: {
        RuleRuntime target = engine.rule(t.rule());
        if (target != null) {
          target.invalidateRendered(new KeyRenderer(t.key()).render(args));
        }
        break;
      }
      case ALL: {
        RuleRuntime target = engine.rule(t.rule());
        if (target != null) {
          target.invalidateAll();
        }
        break;
      }
      default:
        Log.warnOnce("tag-evict|" + site.rule.name(), t.position() + ": rule '"
            + site.rule.name() + "': evicting by tag is not applied by this version of the agent;"
            + " fix: evict by key or all: true");
    }
  }
}
