package io.methodcache.agent.config;

import static io.methodcache.agent.config.RulesParserTest.FILE;
import static io.methodcache.agent.config.RulesParserTest.assertProblems;
import static io.methodcache.agent.config.RulesParserTest.parse;
import static io.methodcache.agent.config.RulesParserTest.rule;
import static io.methodcache.agent.config.RulesParserTest.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Write rules ({@code evict:}, {@code put:}) and the checks of their targets against the file. */
class WriteRulesTest {
  /** Two caching rules for the write rules below to target. */
  static final String CACHING = yaml(
      "rules:",
      "  - name: product-by-id",
      "    method: com.shop.ProductRepository#findById(long)",
      "    tags: ['product:{0}', catalog]",
      "  - name: orders",
      "    method: com.shop.OrderRepository#find(long, int)",
      "    key: '{1}/{0}'");

  private static RulesConfig withCaching(String... writeRules) {
    return parse(CACHING + yaml(writeRules));
  }

  private static List<String> names(RulesConfig c) {
    return c.rules().stream().map(RuleConfig::name).collect(Collectors.toList());
  }

  @Nested
  class Valid {
    @Test
    void theIssueExample() {
      RulesConfig c = withCaching(
          "  - name: product-save",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    evict:",
          "      - { rule: product-by-id, key: \"{0.id}\" }",
          "      - { tag: \"product:{0.id}\" }",
          "  - name: product-update",
          "    method: com.shop.ProductRepository#update(com.shop.Product)",
          "    put: { rule: product-by-id, key: \"{0.id}\" }",
          "  - name: catalog-reload",
          "    method: com.shop.Admin#reloadAll()",
          "    evict: [ { rule: product-by-id, all: true }, { tag: catalog } ]");
      assertProblems(c);
      RuleConfig save = rule(c, "product-save");
      assertTrue(save.isWriteRule());
      assertEquals(2, save.evict().size());
      EvictTarget byKey = save.evict().get(0);
      assertEquals(EvictTarget.Kind.KEY, byKey.kind());
      assertEquals("product-by-id", byKey.rule());
      assertEquals("{0.id}", byKey.key().text());
      assertNull(byKey.tag());
      assertFalse(byKey.before());
      assertEquals(FILE + ":11:9", byKey.position().toString());
      EvictTarget byTag = save.evict().get(1);
      assertEquals(EvictTarget.Kind.TAG, byTag.kind());
      assertNull(byTag.rule());
      assertEquals("product:{0.id}", byTag.tag().text());
      assertEquals(FILE + ":12:9", byTag.position().toString());
      assertNull(save.put());

      RuleConfig update = rule(c, "product-update");
      assertTrue(update.isWriteRule());
      assertEquals(List.of(), update.evict());
      assertEquals("product-by-id", update.put().rule());
      assertEquals("{0.id}", update.put().key().text());
      assertEquals(FILE + ":15:10", update.put().position().toString());

      RuleConfig reload = rule(c, "catalog-reload");
      assertEquals(EvictTarget.Kind.ALL, reload.evict().get(0).kind());
      assertTrue(reload.evict().get(0).all());
      assertTrue(reload.evict().get(1).tag().isConstant());
      assertEquals(FILE + ":18:14", reload.evict().get(0).position().toString());
      assertEquals(FILE + ":18:50", reload.evict().get(1).position().toString());
    }

    @Test
    void blockStyleSingleTargetBeforeAndBothEvictAndPut() {
      RulesConfig c = withCaching(
          "  - name: order-change",
          "    method: com.shop.OrderRepository#change(long, int, com.shop.Order)",
          "    enabled: false",
          "    tiers: [l1]",
          "    evict:",
          "      rule: orders",
          "      key: '{1}:{0}'",
          "      before: true",
          "    put:",
          "      rule: orders",
          "      key: '{1}/{0}'");
      assertProblems(c);
      RuleConfig w = rule(c, "order-change");
      assertFalse(w.enabled());
      assertEquals(EnumSet.of(Tier.L1), w.tiers());
      assertEquals(1, w.evict().size());
      assertTrue(w.evict().get(0).before());
      assertEquals(FILE + ":13:7", w.evict().get(0).position().toString());
      assertEquals("orders", w.put().rule());
    }

    @Test
    void writeRulesIgnoreCachingDefaults() {
      RulesConfig c = parse(yaml(
          "defaults: {ttl: 1m, key: '{3}', tags: ['x:{5}'], copy-on-read: true, enabled: false}",
          "rules:",
          "  - {name: a, method: 'a.B#c(long, long, long, long, long, long)'}",
          "  - {name: w, method: 'a.B#save(long)', evict: {rule: a, all: true}}"));
      assertProblems(c);
      RuleConfig w = rule(c, "w");
      assertEquals(Duration.ofMinutes(5), w.ttl(), "a write rule keeps the built-in values");
      assertNull(w.key());
      assertEquals(List.of(), w.tags());
      assertFalse(w.copyOnRead());
      assertFalse(w.enabled(), "enabled is a write-rule setting, so its default applies");
    }

    @Test
    void writeRuleTiersDefaultLikeOtherRules() {
      RulesConfig c = parse(yaml(
          "redis: {uri: 'redis://127.0.0.1:6379/0'}",
          "rules:",
          "  - {name: a, method: 'a.B#c(long)'}",
          "  - {name: w, method: 'a.B#save(long)', evict: {rule: a, key: '{0}'}}"));
      assertProblems(c);
      assertEquals(EnumSet.of(Tier.L1, Tier.L2), rule(c, "w").tiers());
    }

    @Test
    void putIntoARefreshAheadRuleAndTargetsOfUnknownArity() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - {name: rates, method: 'a.Rates#latest', mode: refresh-ahead}",
          "  - {name: w, method: 'a.Rates#set(String, java.math.BigDecimal)',"
              + " put: {rule: rates, key: '{0}'}}",
          "  - {name: v, method: 'a.Rates#reset(..)', evict: {rule: rates, key: '{7}'}}"));
      assertProblems(c);
      assertEquals(List.of("rates", "w", "v"), names(c));
    }
  }

  @Nested
  class Problems {
    @Test
    void cachingKeysOnAWriteRule() {
      RulesConfig c = withCaching(
          "  - name: product-save",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    ttl: lots",
          "    key: '{0}'",
          "    tags: [x]",
          "    evict: {rule: product-by-id, key: '{0.id}'}");
      assertProblems(c,
          "10:5: rule 'product-save': 'ttl' does not apply to a write rule (one with 'evict' or"
              + " 'put'): it caches nothing itself; remove it, or set it on the rule whose entries"
              + " it changes (a write rule takes only name, method, enabled, tiers, evict, put)",
          "11:5: rule 'product-save': 'key' does not apply to a write rule (one with 'evict' or"
              + " 'put'): each evict or put target has its own key; remove it (a write rule takes"
              + " only name, method, enabled, tiers, evict, put)",
          "12:5: rule 'product-save': 'tags' does not apply to a write rule");
      assertEquals(List.of("product-by-id", "orders"), names(c));
    }

    @Test
    void malformedEvictTargets() {
      RulesConfig c = withCaching(
          "  - name: w",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    evict:",
          "      - { rule: orders }",
          "      - { rule: orders, key: '{0}', all: true }",
          "      - { key: '{0}' }",
          "      - { all: true }",
          "      - { tag: catalog, rule: orders }",
          "      - { rule: orders, all: false }",
          "      - { rule: orders, all: yes }",
          "      - { rule: orders, key: 'x', before: sometimes }",
          "      - { tag: '' }",
          "      - { rule: orders, all: true, value: 1 }",
          "      - just-text",
          "      - { rule: ~, all: true }");
      assertProblems(c,
          "11:9: rule 'w': an evict target needs one of 'key', 'tag' or 'all: true' (what to"
              + " evict); write e.g. {rule: product-by-id, key: \"{0.id}\"}",
          "12:37: rule 'w': 'key' and 'all' cannot be combined in one evict target; write one"
              + " target each, e.g. - {rule: product-by-id, key: \"{0.id}\"} and - {tag:"
              + " \"product:{0.id}\"}",
          "13:9: rule 'w': this evict target needs 'rule': the rule whose entries are evicted;"
              + " write e.g. {rule: product-by-id, key: \"{0.id}\"}",
          "14:9: rule 'w': this evict target needs 'rule' | write e.g. {rule: product-by-id, all:"
              + " true}",
          "15:25: rule 'w': 'rule' does not go with 'tag': a tag evicts every entry that carries"
              + " it, in whichever rule; remove 'rule' (or evict by 'key' or 'all')",
          "16:30: rule 'w': 'all: false' evicts nothing; write all: true, or evict by 'key' or"
              + " 'tag'",
          "17:30: rule 'w': 'all' must be true or false, got 'yes'",
          "18:30: rule 'w': 'key': 'x' has no placeholder; a key template must name at least one"
              + " argument, e.g. \"{0}\"",
          "18:43: rule 'w': 'before' must be true or false, got 'sometimes'",
          "19:16: rule 'w': 'tag': the tag is empty",
          "20:36: rule 'w': unknown key 'value'; an evict target drops entries, it stores nothing"
              + " — to store the return value use put: {rule: product-by-id, key: \"{0.id}\"}",
          "21:9: rule 'w': each evict target must be a mapping, but this is the text 'just-text';"
              + " write e.g. - {rule: product-by-id, key: \"{0.id}\"}",
          "22:17: rule 'w': 'rule' has no value; write e.g. rule: product-by-id, or remove the"
              + " line");
      assertEquals(List.of("product-by-id", "orders"), names(c));
    }

    @Test
    void malformedEvictAndPut() {
      RulesConfig c = withCaching(
          "  - name: a",
          "    method: a.B#c",
          "    evict: []",
          "  - name: b",
          "    method: a.B#c",
          "    evict: orders",
          "  - name: c",
          "    method: a.B#c",
          "    put: orders",
          "  - name: d",
          "    method: a.B#c",
          "    put: [{rule: orders, key: '{0}'}]",
          "  - name: e",
          "    method: a.B#c",
          "    put: {rule: orders, before: true, tag: x}",
          "  - name: f",
          "    method: a.B#c",
          "    put: {key: '{0}'}",
          "  - name: g",
          "    method: a.B#c",
          "    evict: ~");
      assertProblems(c,
          "10:12: rule 'a': 'evict' is empty; add a target such as {rule: product-by-id, key:"
              + " \"{0.id}\"}, or remove 'evict'",
          "13:12: rule 'b': 'evict' must be a mapping, but this is the text 'orders'; to evict"
              + " every entry of rule 'orders' write evict: {rule: orders, all: true}",
          "16:10: rule 'c': 'put' must be a mapping, but this is the text 'orders'; to store the"
              + " return value in rule 'orders' write put: {rule: orders, key: \"{0}\"}",
          "19:10: rule 'd': 'put' takes one target, a mapping, but this is a list; write e.g."
              + " put: {rule: product-by-id, key: \"{0.id}\"} (a write rule stores one value; use"
              + " evict for the other rules)",
          "22:10: rule 'e': 'put' needs 'key' (which entry of that rule, from this method's"
              + " arguments); write e.g. put: {rule: product-by-id, key: \"{0.id}\"}",
          "22:25: rule 'e': 'before' does not go with 'put': the value stored is the method's"
              + " return value, so a put always happens after a normal return; remove 'before'",
          "22:39: rule 'e': 'tag' does not go with 'put': a put stores one entry, named by 'rule'"
              + " and 'key'; to drop entries use evict: {tag: catalog}",
          "25:10: rule 'f': 'put' needs 'rule' (the rule that receives the value); write e.g."
              + " put: {rule: product-by-id, key: \"{0.id}\"}",
          "28:12: rule 'g': 'evict' must be a mapping or a list of them, but this is empty; write"
              + " e.g. evict: {rule: product-by-id, key: \"{0.id}\"}");
      assertEquals(List.of("product-by-id", "orders"), names(c));
    }

    @Test
    void targetsThatNameNoUsableRule() {
      RulesConfig c = parse(CACHING + yaml(
          "  - name: broken",
          "    method: a.B#c",
          "    ttl: forever",
          "  - name: product-save",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    evict:",
          "      - { rule: product-by-di, key: '{0.id}' }",
          "      - { rule: unheard-of, all: true }",
          "      - { rule: broken, all: true }",
          "      - { rule: product-save, all: true }",
          "    put: { rule: Product_By_Id, key: '{0.id}' }"));
      assertProblems(c,
          "10:10: rule 'broken': 'ttl': 'forever' is not a duration",
          "14:17: rule 'product-save': no rule named 'product-by-di' — did you mean"
              + " 'product-by-id'?",
          "15:17: rule 'product-save': no rule named 'unheard-of' in this file; the caching rules"
              + " are: product-by-id, orders, broken",
          "16:17: rule 'product-save': rule 'broken' (line 8) has problems and is skipped, so this"
              + " target cannot apply; fix that rule first (this rule is skipped too)",
          "17:17: rule 'product-save': 'product-save' (line 11) is a write rule and caches"
              + " nothing; name the rule whose entries this evict changes, e.g. rule:"
              + " product-by-id",
          "18:18: rule 'product-save': no rule named 'Product_By_Id' — did you mean"
              + " 'product-by-id'?");
      assertEquals(List.of("product-by-id", "orders"), names(c));
    }

    @Test
    void aTargetOfADuplicateNameIsTheFirstRule() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - {name: a, method: 'a.B#c(long)'}",
          "  - {name: a, method: 'a.B#d(long)'}",
          "  - {name: w, method: 'a.B#save(long)', evict: {rule: a, key: '{0}'}}"));
      assertProblems(c, "3:12: rule 'a': duplicate rule name 'a' (first at line 2)");
      assertEquals(List.of("a", "w"), names(c));
    }

    @Test
    void noRulesToTarget() {
      assertProblems(parse(yaml(
          "rules: [{name: w, method: 'a.B#c', evict: {rule: product-by-id, all: true}}]")),
          "1:50: rule 'w': no rule named 'product-by-id' in this file; add the caching rule it"
              + " refers to, e.g. - name: product-by-id with its method");
    }

    @Test
    void keyTemplatesAgainstTheWriteMethod() {
      RulesConfig c = withCaching(
          "  - name: a",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    evict: [{rule: product-by-id, key: '{1}'}, {tag: 'product:{2.id}'}]",
          "  - name: b",
          "    method: com.shop.Admin#clear()",
          "    evict: {rule: product-by-id, key: '{0}'}",
          "  - name: c",
          "    method: com.shop.Admin#clear()",
          "    put: {rule: product-by-id, key: '{0}'}");
      assertProblems(c,
          "10:40: rule 'a': 'key' uses argument {1} but"
              + " com.shop.ProductRepository#save(com.shop.Product) has 1 parameter; arguments are"
              + " numbered from 0, so use {0}",
          "10:54: rule 'a': 'tag' uses argument {2} but"
              + " com.shop.ProductRepository#save(com.shop.Product) has 1 parameter",
          "13:39: rule 'b': 'key' uses argument {0} but com.shop.Admin#clear() has 0 parameters;"
              + " the method takes no parameters, so evict every entry instead: {rule:"
              + " product-by-id, all: true}",
          "16:37: rule 'c': 'key' uses argument {0} but com.shop.Admin#clear() has 0 parameters;"
              + " the method takes no parameters, so it cannot name an entry; evict instead with"
              + " evict: {rule: product-by-id, all: true}");
    }

    @Test
    void keyTemplatesAgainstTheTargetsKey() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - {name: one, method: 'a.B#one(long)'}",
          "  - {name: two, method: 'a.B#two(long, int)'}",
          "  - {name: keyed, method: 'a.B#keyed(long, int)', key: 'k:{1}'}",
          "  - {name: none, method: 'a.B#none()'}",
          "  - name: w",
          "    method: a.B#save(com.shop.X)",
          "    evict:",
          "      - {rule: one, key: '{0.a}:{0.b}'}",
          "      - {rule: two, key: '{0.a}'}",
          "      - {rule: two, key: '{0.a}/{0.b}'}",
          "      - {rule: keyed, key: '{0.a}/{0.b}'}",
          "      - {rule: keyed, key: 'k:{0.b}'}",
          "      - {rule: none, key: '{0}'}",
          "    put: {rule: none, key: '{0}'}"));
      assertProblems(c,
          "9:26: rule 'w': 'key' \"{0.a}:{0.b}\" selects 2 values but an entry of rule 'one' is"
              + " keyed by 1 (all 1 arguments of a.B#one(long)); write one placeholder for each of"
              + " them, in the same order",
          "10:26: rule 'w': 'key' \"{0.a}\" selects 1 value but an entry of rule 'two' is keyed"
              + " by 2 (all 2 arguments of a.B#two(long, int))",
          "12:28: rule 'w': 'key' \"{0.a}/{0.b}\" selects 2 values but an entry of rule 'keyed'"
              + " is keyed by 1 (its key \"k:{1}\")",
          "14:27: rule 'w': rule 'none' keeps a single entry (its method takes no arguments), so"
              + " there is no key to name; write {rule: none, all: true}",
          "15:28: rule 'w': rule 'none' keeps a single entry | a put cannot target it — evict it"
              + " instead with evict: {rule: none, all: true}");
    }

    @Test
    void evictedTagsMustBeGivenBySomeRule() {
      RulesConfig c = withCaching(
          "  - name: w",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    evict:",
          "      - {tag: 'product:{0.id}'}",
          "      - {tag: 'produkt:{0.id}'}",
          "      - {tag: 'catalog'}",
          "      - {tag: 'catalog:{0}'}");
      assertProblems(c,
          "12:15: rule 'w': no rule gives its entries a tag like 'produkt:{0.id}', so this evicts"
              + " nothing; the rules' tags are 'product:{0}', 'catalog' — write the same text"
              + " around the placeholders",
          "14:15: rule 'w': no rule gives its entries a tag like 'catalog:{0}'");
      assertProblems(parse(yaml(
          "rules:",
          "  - {name: a, method: 'a.B#c'}",
          "  - {name: w, method: 'a.B#c', evict: {tag: catalog}}")),
          "3:45: rule 'w': no rule in this file has 'tags:', so tag 'catalog' evicts nothing; give"
              + " the caching rule a matching tag first, e.g. tags: [\"catalog\"]");
    }

    @Test
    void inheritedAndBrokenRulesStillDeclareTheirTags() {
      RulesConfig c = parse(yaml(
          "defaults: {tags: [catalog]}",
          "rules:",
          "  - {name: a, method: 'a.B#c', ttl: never}",
          "  - {name: w, method: 'a.B#c', evict: {tag: catalog}}"));
      assertProblems(c, "3:37: rule 'a': 'ttl': 'never' is not a duration");
      assertEquals(List.of("w"), names(c), "the tag is known, though its rule is skipped");
    }

    @Test
    void aWriteRuleMustReachTheTiersOfItsTargets() {
      RulesConfig c = parse(yaml(
          "redis: {uri: 'redis://127.0.0.1:6379/0'}",
          "rules:",
          "  - {name: a, method: 'a.B#c(long)'}",
          "  - {name: b, method: 'a.B#d(long)', tiers: [l1]}",
          "  - name: w",
          "    method: a.B#save(long)",
          "    tiers: [l1]",
          "    evict: [{rule: a, key: '{0}'}, {rule: a, all: true}]",
          "  - name: v",
          "    method: a.B#save(long)",
          "    tiers: [l1]",
          "    evict: {rule: b, key: '{0}'}"));
      assertProblems(c,
          "7:12: rule 'w': rule 'a' keeps entries in l2, but this write rule's tiers are [l1], so"
              + " Redis and the other JVMs would keep the old value; write tiers: [l1, l2] in this"
              + " rule");
      assertEquals(List.of("a", "b", "v"), names(c));
      RulesConfig inherited = parse(yaml(
          "redis: {uri: 'redis://127.0.0.1:6379/0'}",
          "defaults: {tiers: [l1]}",
          "rules:",
          "  - {name: a, method: 'a.B#c(long)', tiers: [l1, l2]}",
          "  - {name: w, method: 'a.B#save(long)', put: {rule: a, key: '{0}'}}"));
      assertProblems(inherited, "5:53: rule 'w': rule 'a' keeps entries in l2, but this write"
          + " rule's tiers are [l1] (from 'defaults', line 2), so Redis and the other JVMs would"
          + " keep the old value");
    }

    @Test
    void writeRuleTiersNeedRedisToo() {
      assertProblems(parse(yaml(
          "rules:",
          "  - {name: a, method: 'a.B#c'}",
          "  - {name: w, method: 'a.B#c', tiers: [l2], evict: {rule: a, all: true}}")),
          "3:39: rule 'w': 'tiers' includes l2 but the file has no 'redis:' section");
    }

    @Test
    void targetsOfABrokenWriteRuleAreStillChecked() {
      RulesConfig c = withCaching(
          "  - name: w",
          "    method: com.shop.ProductRepository#save(com.shop.Product)",
          "    evict: [{rule: nope, all: true}, {rule: orders}]");
      assertProblems(c,
          "10:20: rule 'w': no rule named 'nope' in this file",
          "10:38: rule 'w': an evict target needs one of 'key', 'tag' or 'all: true'");
    }
  }
}
