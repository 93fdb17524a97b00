package io.methodcache.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.methodcache.agent.bootstrap.Hit;
import io.methodcache.agent.config.KeyTemplate;
import io.methodcache.agent.config.MethodPattern;
import io.methodcache.agent.config.RuleConfig;
import io.methodcache.agent.config.SourcePosition;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The object an instance method is called on is an input of its result: two receivers never
 * share an entry unless the rule says so ({@code receiver: ignore}), and the common singleton
 * service still keys by its arguments alone.
 */
class ReceiverKeysTest {
  /** A value class: equal instances answer alike, different ones differently. */
  static final class Rate {
    final double factor;

    Rate(double factor) {
      this.factor = factor;
    }

    public double factor() {
      return factor;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Rate && ((Rate) o).factor == factor;
    }

    @Override
    public int hashCode() {
      return Double.hashCode(factor);
    }
  }

  enum Tax {
    LOW(0.05), HIGH(0.2);

    final double rate;

    Tax(double rate) {
      this.rate = rate;
    }
  }

  /** A service that compares by identity, configured per instance. */
  static final class Pricing {
    final double margin;

    Pricing(double margin) {
      this.margin = margin;
    }
  }

  private static RuleConfig.Builder rule() {
    return RuleConfig.builder().name("r").method(MethodPattern.parse("com.example.Any#m(..)"))
        .position(new SourcePosition("rules.yaml", 1, 1));
  }

  private static Engine engine(RuleConfig c) {
    return new Engine(List.of(c));
  }

  private static int site(Engine e, Class<?> declaring, String method) {
    return e.addSite(e.rule("r"), new Site.MethodInfo(declaring.getName() + "#" + method, 1,
        "java.lang.Object", ReceiverKeysTest.class.getClassLoader(), declaring.getName(), method,
        List.of("java.lang.Object")));
  }

  /** One call as the advice makes it; {@code body} runs only when enter did not return a hit. */
  private static Object call(Engine e, int site, Object self, Object arg,
      BiFunction<Object, Object, Object> body, AtomicInteger runs) {
    Object state = e.enter1(site, self, arg);
    if (state instanceof Hit) {
      return e.exit(state, null, null);
    }
    runs.incrementAndGet();
    Object returned = body.apply(self, arg);
    return state == null ? returned : e.exit(state, returned, null);
  }

  @Test
  void valueReceiversAreEachTheirOwnKeyAndEqualOnesShare() {
    Engine e = engine(rule().build());
    int s = site(e, Rate.class, "apply");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> apply = (self, x) -> ((Rate) self).factor * (Double) x;
    assertEquals(20.0, call(e, s, new Rate(2), 10.0, apply, runs));
    assertEquals(30.0, call(e, s, new Rate(3), 10.0, apply, runs)); // not Rate(2)'s answer
    assertEquals(20.0, call(e, s, new Rate(2), 10.0, apply, runs)); // an equal receiver: a hit
    assertEquals(2, runs.get());
  }

  @Test
  void enumConstantsAreTheirOwnKey() {
    Engine e = engine(rule().build());
    int s = site(e, Tax.class, "of");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> of = (self, x) -> ((Tax) self).rate * (Double) x;
    assertEquals(5.0, call(e, s, Tax.LOW, 100.0, of, runs));
    assertEquals(20.0, call(e, s, Tax.HIGH, 100.0, of, runs));
    assertEquals(20.0, call(e, s, Tax.HIGH, 100.0, of, runs));
    assertEquals(2, runs.get());
  }

  @Test
  void aSingletonServiceKeysByItsArgumentsAndOtherInstancesGetTheirOwnEntries() {
    Engine e = engine(rule().build());
    int s = site(e, Pricing.class, "price");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> price = (self, x) -> ((Pricing) self).margin + (Double) x;
    Pricing main = new Pricing(1);
    Pricing other = new Pricing(100);
    assertEquals(11.0, call(e, s, main, 10.0, price, runs));
    assertEquals(11.0, call(e, s, main, 10.0, price, runs));
    assertEquals(1, runs.get());
    assertEquals(110.0, call(e, s, other, 10.0, price, runs)); // never main's entry
    assertEquals(110.0, call(e, s, other, 10.0, price, runs)); // its own entry
    assertEquals(11.0, call(e, s, main, 10.0, price, runs));
    assertEquals(2, runs.get());
    // the first instance's key is the argument itself: no wrapper on its hit path
    Object state = e.enter1(s, main, 10.0);
    assertInstanceOf(Entry.class, state);
  }

  @Test
  void receiverIgnoreSharesEntriesAcrossInstances() {
    Engine e = engine(rule().receiverIgnored(true).build());
    int s = site(e, Pricing.class, "price");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> price = (self, x) -> (Double) x * 2;
    assertEquals(20.0, call(e, s, new Pricing(1), 10.0, price, runs));
    assertEquals(20.0, call(e, s, new Pricing(2), 10.0, price, runs));
    assertEquals(1, runs.get());
  }

  @Test
  void aTemplateMayNameTheReceiversProperties() {
    Engine e = engine(rule().key(KeyTemplate.parse("{this.factor}/{0}")).build());
    int s = site(e, Rate.class, "apply");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> apply = (self, x) -> ((Rate) self).factor * (Double) x;
    assertEquals(20.0, call(e, s, new Rate(2), 10.0, apply, runs));
    assertEquals(30.0, call(e, s, new Rate(3), 10.0, apply, runs));
    assertEquals(20.0, call(e, s, new Rate(2), 10.0, apply, runs));
    assertEquals(2, runs.get());
    // the receiver's part is in the key's text, so write rules and other JVMs can name it
    Site site = e.rule("r").sites().get(0);
    // (after the method's name: the rule's pattern may match several methods)
    String text = site.render(site.keys.of1(new Rate(2), 10.0));
    assertEquals("2.0/10.0", text.substring(text.lastIndexOf(':') + 1));
  }

  @Test
  void invalidatingByArgumentsDropsTheKeyForEveryReceiver() {
    Engine e = engine(rule().build());
    int s = site(e, Rate.class, "apply");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> apply = (self, x) -> ((Rate) self).factor * (Double) x;
    call(e, s, new Rate(2), 10.0, apply, runs);
    call(e, s, new Rate(3), 10.0, apply, runs);
    call(e, s, new Rate(3), 11.0, apply, runs);
    e.invalidate("r", new Object[] {10.0});
    call(e, s, new Rate(2), 10.0, apply, runs);
    call(e, s, new Rate(3), 10.0, apply, runs);
    call(e, s, new Rate(3), 11.0, apply, runs); // another key: still cached
    assertEquals(5, runs.get());
  }

  @Test
  void staticMethodsHaveNoReceiver() {
    Engine e = engine(rule().build());
    int s = site(e, Rate.class, "parse");
    AtomicInteger runs = new AtomicInteger();
    BiFunction<Object, Object, Object> parse = (self, x) -> Objects.toString(x);
    call(e, s, null, 1.0, parse, runs);
    call(e, s, null, 1.0, parse, runs);
    assertEquals(1, runs.get());
  }

  @Test
  void anOverrideCallingItsCachedSuperMethodStoresTheValueOnce() {
    Engine e = engine(rule().build());
    int sub = site(e, Pricing.class, "price");
    int base = e.addSite(e.rule("r"), new Site.MethodInfo("com.example.Base#price", 1,
        "java.lang.Object", null));
    Pricing self = new Pricing(0);
    Object outer = e.enter1(sub, self, 10.0); // Sub#price(10.0) misses and loads...
    assertInstanceOf(Load.class, outer);
    assertNull(e.enter1(base, self, 10.0)); // ...calling super.price(10.0): runs uncached
    e.exit(outer, 42.0, null);
    assertEquals(1, e.rule("r").size());
    assertInstanceOf(Entry.class, e.enter1(sub, self, 10.0));
    // also when the super method first saw another instance (its key is then qualified)
    Object seen = e.enter1(base, new Pricing(5), 12.0);
    e.exit(seen, 1.0, null);
    Object outer2 = e.enter1(sub, self, 13.0);
    assertInstanceOf(Load.class, outer2);
    assertNull(e.enter1(base, self, 13.0));
    e.exit(outer2, 2.0, null);
    assertEquals(3, e.rule("r").size());
    // outside the override's load, the super method caches as usual
    Object direct = e.enter1(base, self, 11.0);
    assertInstanceOf(Load.class, direct);
    e.exit(direct, 43.0, null);
    assertEquals(4, e.rule("r").size());
  }
}
