package io.methodcache.agent.engine;

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
 * <p>{@code put:} caches the method's return value as that entry (write-through), in this JVM and
 * L2; the other JVMs drop their copy and read L2's. {@code evict: {tag: …}} makes every entry
 * carrying the tag stale, in every rule whose tags can render it.
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
    site.rule.stats().writeCalls.increment();
    WriteCall call = new WriteCall(engine, site, args);
    call.apply(true);
    return call;
  }

  /** After the method: a normal return applies the remaining evictions and the put. */
  void complete(Object returned, Throwable thrown) {
    if (thrown == null) {
      apply(false);
      put(returned);
    }
  }

  private void put(Object returned) {
    PutTarget put = site.rule.config().put();
    if (put == null) {
      return;
    }
    RuleRuntime target = engine.rule(put.rule());
    if (target != null) {
      site.rule.stats().putsFired.increment();
      target.writeThrough(new KeyRenderer(put.key()).render(args), returned, site.rule.name(),
          put.position());
    }
  }

  private void apply(boolean before) {
    RuleConfig config = site.rule.config();
    for (EvictTarget t : config.evict()) {
      if (t.before() == before) {
        site.rule.stats().evictionsFired.increment();
        evict(t);
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
        engine.evictTag(t.tag().shape(), new KeyRenderer(t.tag()).render(args));
    }
  }
}
