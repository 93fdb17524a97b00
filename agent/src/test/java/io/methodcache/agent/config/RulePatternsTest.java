package io.methodcache.agent.config;

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
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The per-rule settings of issues 4 and 5 (tiers, l1-ttl, stampede: distributed, mode, refresh-at,
 * early-expiry, tags, copy-on-read): values, problems at their exact position, and how rule
 * settings, {@code defaults:} and the {@code redis:} section combine.
 */
class RulePatternsTest {
  static final String REDIS = "redis: {uri: 'redis://127.0.0.1:6379/0'}";

  private static List<String> texts(List<KeyTemplate> templates) {
    return templates.stream().map(KeyTemplate::text).collect(Collectors.toList());
  }

  @Nested
  class Values {
    @Test
    void everyNewKeyIsRead() {
      RulesConfig c = parse(yaml(
          REDIS,
          "rules:",
          "  - name: product-by-id",
          "    method: com.shop.ProductRepository#findById(long)",
          "    tiers: [l1, l2]",
          "    ttl: 10m",
          "    l1-ttl: 30s",
          "    stampede: distributed",
          "    tags: [\"product:{0}\", catalog]",
          "    copy-on-read: true",
          "  - name: rates",
          "    method: com.shop.RatesClient#latest(java.lang.String)",
          "    tiers: [l2]",
          "    mode: refresh-ahead",
          "    refresh-at: 75%",
          "  - name: page",
          "    method: com.shop.Pages#render(long)",
          "    tiers: l1",
          "    early-expiry: {strategy: xfetch, beta: 2.5}"));
      assertProblems(c);
      RuleConfig p = rule(c, "product-by-id");
      assertEquals(EnumSet.of(Tier.L1, Tier.L2), p.tiers());
      assertTrue(p.uses(Tier.L2));
      assertEquals(Duration.ofSeconds(30), p.l1Ttl());
      assertEquals(Stampede.DISTRIBUTED, p.stampede());
      assertEquals(List.of("product:{0}", "catalog"), texts(p.tags()));
      assertTrue(p.tags().get(1).isConstant());
      assertTrue(p.copyOnRead());
      assertEquals(Mode.CACHE_ASIDE, p.mode());
      assertNull(p.earlyExpiry());
      assertFalse(p.isWriteRule());
      RuleConfig r = rule(c, "rates");
      assertEquals(EnumSet.of(Tier.L2), r.tiers());
      assertEquals(Mode.REFRESH_AHEAD, r.mode());
      assertEquals(0.75, r.refreshAt(), 1e-12);
      assertNull(r.l1Ttl());
      RuleConfig g = rule(c, "page");
      assertEquals(EnumSet.of(Tier.L1), g.tiers(), "a single tier may be written without brackets");
      assertEquals(EarlyExpiry.Strategy.XFETCH, g.earlyExpiry().strategy());
      assertEquals(2.5, g.earlyExpiry().beta(), 1e-12);
    }

    @Test
    void builtInDefaults() {
      RuleConfig a = parse(yaml("rules: [{name: a, method: a.B#c}]")).rules().get(0);
      assertEquals(EnumSet.of(Tier.L1), a.tiers(), "without a redis: section");
      assertNull(a.l1Ttl());
      assertEquals(Mode.CACHE_ASIDE, a.mode());
      assertEquals(0.8, a.refreshAt(), 1e-12);
      assertNull(a.earlyExpiry());
      assertEquals(List.of(), a.tags());
      assertFalse(a.copyOnRead());
      assertEquals(List.of(), a.evict());
      assertNull(a.put());
      assertFalse(a.isWriteRule());
      RuleConfig b = parse(yaml(REDIS, "rules: [{name: a, method: a.B#c}]")).rules().get(0);
      assertEquals(EnumSet.of(Tier.L1, Tier.L2), b.tiers(), "with a redis: section");
    }

    @Test
    void refreshAheadDefaultsToEightyPercent() {
      RuleConfig r = parse(yaml("rules: [{name: a, method: a.B#c, mode: refresh-ahead}]"))
          .rules().get(0);
      assertEquals(Mode.REFRESH_AHEAD, r.mode());
      assertEquals(0.8, r.refreshAt(), 1e-12);
    }

    @Test
    void xfetchShorthandAndDefaultBeta() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - {name: a, method: a.B#c, early-expiry: xfetch}",
          "  - {name: b, method: a.B#c, early-expiry: {strategy: xfetch}}"));
      assertProblems(c);
      assertEquals(new EarlyExpiry(EarlyExpiry.Strategy.XFETCH, 1.0), rule(c, "a").earlyExpiry());
      assertEquals(1.0, rule(c, "b").earlyExpiry().beta(), 1e-12);
    }

    @Test
    void singleTagAndEmptyTags() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - {name: a, method: a.B#c, tags: catalog}",
          "  - {name: b, method: a.B#c, tags: []}"));
      assertProblems(c);
      assertEquals(List.of("catalog"), texts(rule(c, "a").tags()));
      assertEquals(List.of(), rule(c, "b").tags());
    }

    @Test
    void tagsAreSubstitutedAndKeepTheirText() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c(long, com.shop.Q)",
          "    tags: ['${TENANT:-t1}:product:{0}', '{1.category.id}', 'x{{y}}']"));
      assertProblems(c);
      RuleConfig a = rule(c, "a");
      assertEquals(List.of("t1:product:{0}", "{1.category.id}", "x{{y}}"), texts(a.tags()));
      assertEquals(List.of("category", "id"), a.tags().get(1).placeholders().get(0).path());
      assertEquals("x{y}", a.tags().get(2).parts().get(0).literal());
    }
  }

  @Nested
  class Problems {
    @Test
    void wrongValues() {
      RulesConfig c = parse(yaml(
          REDIS,
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    tiers: [l1, l3]",
          "    l1-ttl: 0s",
          "    mode: refresh-ahed",
          "    refresh-at: 0.8",
          "    copy-on-read: yes",
          "    stampede: distributd",
          "  - name: b",
          "    method: a.B#c",
          "    tiers: [L2, l2]",
          "    refresh-at: 100%",
          "  - name: c",
          "    method: a.B#c",
          "    tiers: []",
          "  - name: d",
          "    method: a.B#c",
          "    tiers: 'l1, l2'",
          "    mode: refresh-ahead",
          "    refresh-at: 0.5%"));
      assertProblems(c,
          "5:17: rule 'a': 'l3' is not a tier; tiers are l1 (in-process) and l2 (Redis), e.g."
              + " tiers: [l1, l2]",
          "6:13: rule 'a': 'l1-ttl' must be greater than zero, got '0s'; write e.g. l1-ttl: 30s"
              + " (remove 'l1-ttl' to keep L1 entries for the ttl)",
          "7:11: rule 'a': 'mode' must be cache-aside or refresh-ahead, got 'refresh-ahed' — did"
              + " you mean 'refresh-ahead'?",
          "8:17: rule 'a': 'refresh-at': '0.8' has no '%' — write a percentage such as 80% (for a"
              + " fraction like 0.8 write 80%)",
          "9:19: rule 'a': 'copy-on-read' must be true or false, got 'yes'",
          "10:15: rule 'a': 'stampede' must be one of: local, none, distributed; got 'distributd'"
              + " — did you mean 'distributed'?",
          "13:13: rule 'b': 'L2' is not a tier; write it in lower case: l2",
          "14:17: rule 'b': 'refresh-at': '100%' is more than 99%; write 1% to 99%, e.g. 80%",
          "17:12: rule 'c': 'tiers' is empty; write [l1] (in-process), [l2] (Redis) or [l1, l2]",
          "20:12: rule 'd': 'l1, l2' is not a tier; write a list: tiers: [l1, l2]",
          "22:17: rule 'd': 'refresh-at': '0.5%' is less than 1%; write 1% to 99%, e.g. 80%");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void duplicateTierAndTag() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c(long)",
          "    tiers: [l1, l1]",
          "    tags: [catalog, 'product:{0}', catalog]"));
      assertProblems(c,
          "4:17: rule 'a': 'l1' is listed twice in 'tiers'; remove one",
          "5:36: rule 'a': tag 'catalog' is listed twice (first at line 5); remove one");
    }

    @Test
    void wrongShapes() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    tiers: {l1: true}",
          "    tags: [[a]]",
          "    early-expiry: [xfetch]",
          "  - name: b",
          "    method: a.B#c",
          "    tiers:",
          "    tags: [~]",
          "    early-expiry: soon",
          "    mode: [refresh-ahead]"));
      assertProblems(c,
          "4:12: rule 'a': 'tiers' must be a list, but this is a mapping; write e.g. tiers: [l1,"
              + " l2]",
          "5:12: rule 'a': each entry of 'tags' is a single value, but this is a list; write e.g."
              + " tags: [\"product:{0}\", catalog]",
          "6:19: rule 'a': 'early-expiry' must be a mapping, but this is a list; write e.g."
              + " early-expiry: {strategy: xfetch, beta: 1.0}",
          "9:11: rule 'b': 'tiers' has no value; write e.g. tiers: [l1, l2], or remove the line",
          "10:12: rule 'b': an entry of 'tags' is empty; remove it or write e.g. tags:"
              + " [\"product:{0}\", catalog]",
          "11:19: rule 'b': 'early-expiry' must be xfetch or a mapping, got 'soon'; write e.g."
              + " early-expiry: {strategy: xfetch, beta: 1.0}",
          "12:11: rule 'b': 'mode' must be a single value, but this is a list; write e.g. mode:"
              + " cache-aside");
    }

    @Test
    void earlyExpiryMapping() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    early-expiry: {strategy: xfech, beta: 0}",
          "  - name: b",
          "    method: a.B#c",
          "    early-expiry: {beta: 1.5, betta: 2}",
          "  - name: c",
          "    method: a.B#c",
          "    early-expiry: {strategy: xfetch, beta: -1}",
          "  - name: d",
          "    method: a.B#c",
          "    early-expiry: {strategy: xfetch, beta: 1e400}"));
      assertProblems(c,
          "4:30: rule 'a': 'strategy' must be xfetch (the only strategy so far), got 'xfech'",
          "4:43: rule 'a': 'beta' must be greater than zero, got '0'; write e.g. beta: 1.0 (above"
              + " 1 recomputes earlier, below 1 later)",
          "7:19: rule 'b': 'early-expiry' needs 'strategy: xfetch'; write e.g. early-expiry:"
              + " {strategy: xfetch, beta: 1.0}",
          "7:31: rule 'b': unknown key 'betta' — did you mean 'beta'?",
          "10:44: rule 'c': 'beta' must be greater than zero, got '-1'; write e.g. beta: 1.0",
          "13:44: rule 'd': 'beta' must be a number such as 1.0 or 0.5, got '1e400'");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void tagTemplates() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c(long)",
          "    tags: ['product:{1}', 'x:{0']",
          "  - name: b",
          "    method: a.B#c()",
          "    tags: ['p:{0}']",
          "  - name: c",
          "    method: a.B#c",
          "    tags: ['']"));
      assertProblems(c,
          "4:12: rule 'a': tag 'product:{1}' uses argument {1} but a.B#c(long) has 1 parameter;"
              + " arguments are numbered from 0, so use {0}",
          "4:27: rule 'a': 'tags': unclosed '{' at position 3 of 'x:{0'; close the placeholder"
              + " with '}' or write '{{' for a literal brace, e.g. \"product:{0}\" or \"catalog\"",
          "7:12: rule 'b': tag 'p:{0}' uses argument {0} but a.B#c() has 0 parameters; the method"
              + " takes no parameters, so use a constant tag, e.g. catalog",
          "10:12: rule 'c': 'tags': the tag is empty; write a constant or a template over the"
              + " arguments, e.g. \"product:{0}\" or \"catalog\"");
    }

    @Test
    void l2NeedsARedisSection() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    tiers: [l1, l2]",
          "  - name: b",
          "    method: a.B#c",
          "    stampede: distributed",
          "  - name: c",
          "    method: a.B#c",
          "    l1-ttl: 30s"));
      assertProblems(c,
          "4:12: rule 'a': 'tiers' includes l2 but the file has no 'redis:' section; add one,"
              + " e.g. redis: {uri: redis://127.0.0.1:6379/0}, or write tiers: [l1]",
          "7:15: rule 'b': 'stampede: distributed' coordinates loads through Redis, so it needs l2"
              + " in 'tiers', but this rule's tiers are [l1] (built in: the file has no 'redis:'"
              + " section); add a 'redis:' section, or write stampede: local",
          "10:13: rule 'c': 'l1-ttl' applies only with tiers: [l1, l2] (a shorter life in L1 in"
              + " front of L2), but this rule's tiers are [l1] (built in: the file has no 'redis:'"
              + " section); remove 'l1-ttl', or add a 'redis:' section");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void settingsThatNeedOtherSettings() {
      RulesConfig c = parse(yaml(
          REDIS,
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    tiers: [l1]",
          "    stampede: distributed",
          "    l1-ttl: 30s",
          "  - name: b",
          "    method: a.B#c",
          "    refresh-at: 90%",
          "  - name: c",
          "    method: a.B#c",
          "    mode: refresh-ahead",
          "    early-expiry: xfetch",
          "  - name: d",
          "    method: a.B#c",
          "    ttl: 1m",
          "    l1-ttl: 2m",
          "  - name: e",
          "    method: a.B#c",
          "    tiers: [l2]",
          "    l1-ttl: 1s"));
      assertProblems(c,
          "6:15: rule 'a': 'stampede: distributed' coordinates loads through Redis, so it needs l2"
              + " in 'tiers', but this rule's tiers are [l1]; write tiers: [l1, l2], or write"
              + " stampede: local",
          "7:13: rule 'a': 'l1-ttl' applies only with tiers: [l1, l2] (a shorter life in L1 in"
              + " front of L2), but this rule's tiers are [l1]; remove 'l1-ttl', or write tiers:"
              + " [l1, l2]",
          "10:17: rule 'b': 'refresh-at' applies only with mode: refresh-ahead; add mode:"
              + " refresh-ahead, or remove 'refresh-at'",
          "14:19: rule 'c': 'early-expiry' does not combine with mode: refresh-ahead, which"
              + " already reloads before expiry; remove 'early-expiry' or 'mode'",
          "18:13: rule 'd': 'l1-ttl' 2m is longer than the ttl 1m; L1 cannot keep an entry longer"
              + " than L2 — write l1-ttl: 1m or less",
          "22:13: rule 'e': 'l1-ttl' applies only with tiers: [l1, l2] | tiers are [l2];");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void l1TtlMayEqualTheTtl() {
      RulesConfig c = parse(yaml(REDIS, "rules: [{name: a, method: a.B#c, ttl: 1m, l1-ttl: 60s}]"));
      assertProblems(c);
      assertEquals(Duration.ofMinutes(1), c.rules().get(0).l1Ttl());
    }
  }

  @Nested
  class Defaults {
    @Test
    void newSettingsAreDefaultable() {
      RulesConfig c = parse(yaml(
          REDIS,
          "defaults:",
          "  tiers: [l2]",
          "  mode: refresh-ahead",
          "  refresh-at: 90%",
          "  tags: [catalog]",
          "  copy-on-read: true",
          "  stampede: distributed",
          "rules:",
          "  - name: a",
          "    method: a.B#c"));
      assertProblems(c);
      RuleConfig a = rule(c, "a");
      assertEquals(EnumSet.of(Tier.L2), a.tiers());
      assertEquals(Mode.REFRESH_AHEAD, a.mode());
      assertEquals(0.9, a.refreshAt(), 1e-12);
      assertEquals(List.of("catalog"), texts(a.tags()));
      assertTrue(a.copyOnRead());
      assertEquals(Stampede.DISTRIBUTED, a.stampede());
    }

    @Test
    void anInheritedSettingThatDoesNotApplyIsIgnored() {
      RulesConfig c = parse(yaml(
          REDIS,
          "defaults:",
          "  l1-ttl: 30s",
          "  refresh-at: 90%",
          "  early-expiry: {strategy: xfetch, beta: 2}",
          "  stampede: distributed",
          "rules:",
          "  - name: local-only",
          "    method: a.B#c",
          "    tiers: [l1]",
          "  - name: refreshing",
          "    method: a.B#c",
          "    mode: refresh-ahead",
          "  - name: plain",
          "    method: a.B#c"));
      assertProblems(c);
      RuleConfig l = rule(c, "local-only");
      assertNull(l.l1Ttl(), "l1-ttl needs both tiers");
      assertEquals(Stampede.LOCAL, l.stampede(), "distributed needs l2: one load per JVM instead");
      assertEquals(0.8, l.refreshAt(), 1e-12, "refresh-at needs refresh-ahead");
      RuleConfig r = rule(c, "refreshing");
      assertNull(r.earlyExpiry(), "refresh-ahead has no early expiry");
      assertEquals(0.9, r.refreshAt(), 1e-12);
      RuleConfig p = rule(c, "plain");
      assertEquals(Duration.ofSeconds(30), p.l1Ttl());
      assertEquals(2.0, p.earlyExpiry().beta(), 1e-12);
      assertEquals(Stampede.DISTRIBUTED, p.stampede());
    }

    @Test
    void aRuleSettingThatContradictsAnInheritedOneIsAProblem() {
      RulesConfig c = parse(yaml(
          REDIS,
          "defaults:",
          "  mode: refresh-ahead",
          "  l1-ttl: 2m",
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    early-expiry: xfetch",
          "  - name: b",
          "    method: a.B#c",
          "    ttl: 1m"));
      assertProblems(c,
          "8:19: rule 'a': 'early-expiry' does not combine with mode: refresh-ahead (from"
              + " 'defaults', line 3), which already reloads before expiry; remove 'early-expiry',"
              + " or write mode: cache-aside in this rule",
          "11:10: rule 'b': 'ttl' 1m is shorter than the l1-ttl 2m this rule inherits (from"
              + " 'defaults', line 4); write a ttl of at least 2m, or l1-ttl: 1m or less in this"
              + " rule");
    }

    @Test
    void inheritedTiersAreNamedInMessages() {
      RulesConfig c = parse(yaml(
          REDIS,
          "defaults: {tiers: [l1]}",
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    stampede: distributed"));
      assertProblems(c, "6:15: rule 'a': | but this rule's tiers are [l1] (from 'defaults',"
          + " line 2); write tiers: [l1, l2], or write stampede: local");
    }

    @Test
    void contradictoryDefaultsAreReportedOnceAndIgnored() {
      RulesConfig c = parse(yaml(
          "defaults:",
          "  tiers: [l1, l2]",
          "  stampede: distributed",
          "  l1-ttl: 30s",
          "  mode: refresh-ahead",
          "  early-expiry: xfetch",
          "rules:",
          "  - name: a",
          "    method: a.B#c"));
      assertProblems(c,
          "2:10: in 'defaults': 'tiers' includes l2 but the file has no 'redis:' section; add"
              + " one, e.g. redis: {uri: redis://127.0.0.1:6379/0}, or write tiers: [l1] (this"
              + " default is ignored; rules use the built-in tiers: [l1])",
          "3:13: in 'defaults': 'stampede: distributed' coordinates loads through Redis, so it"
              + " needs l2 in 'tiers'; add a 'redis:' section, or write stampede: local (this"
              + " default is ignored; rules use the built-in stampede: local)",
          "4:11: in 'defaults': 'l1-ttl' applies only to rules with tiers: [l1, l2], and the file"
              + " has no 'redis:' section; remove 'l1-ttl' or add a 'redis:' section (this default"
              + " is ignored; rules use the built-in l1-ttl: the ttl)",
          "6:17: in 'defaults': 'early-expiry' does not combine with mode: refresh-ahead, which"
              + " already reloads before expiry; remove one of them (this default is ignored;"
              + " rules use the built-in early-expiry: none)");
      RuleConfig a = rule(c, "a");
      assertEquals(EnumSet.of(Tier.L1), a.tiers());
      assertEquals(Stampede.LOCAL, a.stampede());
      assertNull(a.l1Ttl());
      assertEquals(Mode.REFRESH_AHEAD, a.mode());
      assertNull(a.earlyExpiry());
    }

    @Test
    void defaultL1TtlLongerThanTheTtl() {
      RulesConfig c = parse(yaml(
          REDIS,
          "defaults: {l1-ttl: 10m}",
          "rules: [{name: a, method: a.B#c}]"));
      assertProblems(c, "2:20: in 'defaults': 'l1-ttl' 10m is longer than the ttl 5m (built in);"
          + " L1 cannot keep an entry longer than L2 — write l1-ttl: 5m or less (this default is"
          + " ignored; rules use the built-in l1-ttl: the ttl)");
      assertNull(c.rules().get(0).l1Ttl());
    }

    @Test
    void badStructuredDefaults() {
      RulesConfig c = parse(yaml(
          "defaults:",
          "  tiers: [l3]",
          "  tags: ['{0']",
          "  early-expiry: {strategy: x}",
          "rules: [{name: a, method: a.B#c}]"));
      assertProblems(c,
          "2:11: in 'defaults': 'l3' is not a tier | (this default is ignored; rules use the"
              + " built-in tiers: [l1])",
          "3:10: in 'defaults': 'tags': unclosed '{' | (this default is ignored; rules use the"
              + " built-in tags: no tags)",
          "4:28: in 'defaults': 'strategy' must be xfetch | (this default is ignored; rules use"
              + " the built-in early-expiry: none)");
      assertEquals(1, c.rules().size());
    }

    @Test
    void inheritedTagsAreCheckedAgainstEachMethod() {
      RulesConfig c = parse(yaml(
          "defaults: {tags: ['p:{1}']}",
          "rules:",
          "  - {name: a, method: 'a.B#c(long, long)'}",
          "  - {name: b, method: 'a.B#c(long)'}"));
      assertProblems(c, "1:19: rule 'b': tag 'p:{1}' uses argument {1} but a.B#c(long) has 1"
          + " parameter; arguments are numbered from 0, so use {0}");
      assertEquals(List.of("a"), c.rules().stream().map(RuleConfig::name)
          .collect(Collectors.toList()));
    }

    @Test
    void writeRuleKeysCannotBeDefaults() {
      assertProblems(parse(yaml(
          "defaults: {evict: {tag: x}, put: {rule: a, key: '{0}'}}",
          "rules: [{name: a, method: a.B#c}]")),
          "1:12: | 'evict' cannot have a default: it makes a rule a write rule; give each write"
              + " rule its own 'evict'",
          "1:29: | 'put' cannot have a default: it makes a rule a write rule");
    }
  }

  @Test
  void environmentSubstitutionInNewKeys() {
    RulesConfig c = parse(yaml(
        REDIS,
        "rules:",
        "  - name: a",
        "    method: a.B#c",
        "    tiers: ['${TIER:-l1}']",
        "    mode: ${MODE}",
        "    refresh-at: ${AT:-70%}",
        "    copy-on-read: ${COPY:-false}"), Map.of("MODE", "refresh-ahead"));
    assertProblems(c);
    RuleConfig a = c.rules().get(0);
    assertEquals(EnumSet.of(Tier.L1), a.tiers());
    assertEquals(Mode.REFRESH_AHEAD, a.mode());
    assertEquals(0.7, a.refreshAt(), 1e-12);
    assertFalse(a.copyOnRead());
  }
}
