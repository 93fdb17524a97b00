package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format 1: the schema, every problem with its exact position, env substitution, defaults. */
class RulesParserTest {
  static final String FILE = "rules.yaml";

  static String yaml(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  static RulesConfig parse(String text) {
    return parse(text, Map.of());
  }

  static RulesConfig parse(String text, Map<String, String> env) {
    return RulesParser.parse(FILE, text.getBytes(StandardCharsets.UTF_8), env::get);
  }

  static String render(List<Problem> problems) {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }

  /** Asserts the config has exactly these problems, each given as "LINE:COL" plus message parts. */
  static void assertProblems(RulesConfig config, String... expected) {
    List<Problem> problems = config.problems();
    assertEquals(expected.length, problems.size(), "problems:\n" + render(problems));
    for (int i = 0; i < expected.length; i++) {
      assertProblem(problems.get(i), expected[i]);
    }
  }

  /** {@code "3:13 rule 'a': | fragment | fragment"}: position, then fragments of toString(). */
  static void assertProblem(Problem problem, String expected) {
    String[] parts = expected.split(" \\| ");
    String rendered = problem.toString();
    assertTrue(rendered.startsWith(FILE + ":" + parts[0]),
        "expected at " + parts[0] + ": " + rendered);
    for (int i = 1; i < parts.length; i++) {
      assertTrue(rendered.contains(parts[i]), "expected '" + parts[i] + "' in: " + rendered);
    }
  }

  static RuleConfig rule(RulesConfig config, String name) {
    return config.rules().stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseGet(() -> fail("no rule " + name + "; problems:\n" + render(config.problems())));
  }

  @Nested
  class ValidFiles {
    @Test
    void everyKeyIsRead() {
      RulesConfig c = parse(yaml(
          "namespace: shop",
          "strict: true",
          "rules:",
          "  - name: product-by-id",
          "    method: com.shop.ProductRepository#findById(long)",
          "    ttl: 10m",
          "    jitter: 2.5%",
          "    max-entries: 50_000",
          "    key: \"{0}\"",
          "    cache-nulls: 30s",
          "    stampede: none",
          "    stampede-timeout: 1500ms",
          "    enabled: false"));
      assertProblems(c);
      assertEquals(FILE, c.source());
      assertEquals("shop", c.namespace());
      assertTrue(c.strict());
      assertEquals(1, c.rules().size());
      RuleConfig r = c.rules().get(0);
      assertEquals("product-by-id", r.name());
      assertEquals("com.shop.ProductRepository#findById(long)", r.method().text());
      assertEquals(Duration.ofMinutes(10), r.ttl());
      assertEquals(0.025, r.jitter(), 1e-12);
      assertEquals(50_000, r.maxEntries());
      assertTrue(r.key().isSingleArgument());
      assertEquals(Duration.ofSeconds(30), r.cacheNulls());
      assertEquals(Stampede.NONE, r.stampede());
      assertEquals(Duration.ofMillis(1500), r.stampedeTimeout());
      assertFalse(r.enabled());
      assertEquals(FILE + ":4:5", r.position().toString());
      assertEquals(FILE + ":9:10", r.keyPosition().toString());
    }

    @Test
    void builtInDefaults() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c"));
      assertProblems(c);
      assertEquals(RulesConfig.DEFAULT_NAMESPACE, c.namespace());
      assertFalse(c.strict());
      RuleConfig r = c.rules().get(0);
      assertEquals(Duration.ofMinutes(5), r.ttl());
      assertEquals(0.0, r.jitter());
      assertEquals(10_000, r.maxEntries());
      assertNull(r.key());
      assertNull(r.cacheNulls());
      assertEquals(Stampede.LOCAL, r.stampede());
      assertEquals(Duration.ofSeconds(10), r.stampedeTimeout());
      assertTrue(r.enabled());
      assertEquals(r.position(), r.keyPosition());
    }

    @Test
    void defaultsApplyAndRulesOverrideThem() {
      RulesConfig c = parse(yaml(
          "defaults:",
          "  ttl: 1h",
          "  jitter: 10%",
          "  max-entries: 7",
          "  key: \"{0.id}\"",
          "  cache-nulls: 5s",
          "  stampede: none",
          "  stampede-timeout: 3s",
          "  enabled: false",
          "rules:",
          "  - name: inherits",
          "    method: a.B#c(long)",
          "  - name: overrides",
          "    method: a.B#d(long, int)",
          "    ttl: 2m",
          "    jitter: 0%",
          "    max-entries: 8",
          "    key: \"{1}\"",
          "    cache-nulls: 1s",
          "    stampede: local",
          "    stampede-timeout: 4s",
          "    enabled: true"));
      assertProblems(c);
      RuleConfig a = rule(c, "inherits");
      assertEquals(Duration.ofHours(1), a.ttl());
      assertEquals(0.1, a.jitter(), 1e-12);
      assertEquals(7, a.maxEntries());
      assertEquals("{0.id}", a.key().text());
      assertEquals(FILE + ":5:8", a.keyPosition().toString(), "the default's key is where it is written");
      assertEquals(Duration.ofSeconds(5), a.cacheNulls());
      assertEquals(Stampede.NONE, a.stampede());
      assertEquals(Duration.ofSeconds(3), a.stampedeTimeout());
      assertFalse(a.enabled());
      RuleConfig b = rule(c, "overrides");
      assertEquals(Duration.ofMinutes(2), b.ttl());
      assertEquals(0.0, b.jitter());
      assertEquals(8, b.maxEntries());
      assertEquals("{1}", b.key().text());
      assertEquals(FILE + ":18:10", b.keyPosition().toString());
      assertEquals(Duration.ofSeconds(1), b.cacheNulls());
      assertEquals(Stampede.LOCAL, b.stampede());
      assertEquals(Duration.ofSeconds(4), b.stampedeTimeout());
      assertTrue(b.enabled());
    }

    @Test
    void defaultsMayFollowRules() {
      RulesConfig c = parse(yaml(
          "rules: [{name: a, method: 'a.B#c'}]",
          "defaults: {ttl: 3m}"));
      assertProblems(c);
      assertEquals(Duration.ofMinutes(3), c.rules().get(0).ttl());
    }

    @Test
    void flowStyleAndQuotedValues() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - {name: 'a', method: \"com.shop.*Repository#find*(..)\", ttl: '30s', enabled: 'true'}"));
      assertProblems(c);
      assertEquals(Duration.ofSeconds(30), c.rules().get(0).ttl());
      assertEquals(FILE + ":2:5", c.rules().get(0).position().toString());
    }

    @Test
    void emptyDefaultsIsHarmless() {
      assertProblems(parse(yaml("defaults:", "rules: [{name: a, method: a.B#c}]")));
    }

    @Test
    void aByteOrderMarkIsIgnored() {
      byte[] text = ("\uFEFF" + yaml("rules: [{name: a, method: a.B#c}]"))
          .getBytes(StandardCharsets.UTF_8);
      RulesConfig c = RulesParser.parse(FILE, text, k -> null);
      assertProblems(c);
      assertEquals(1, c.rules().size());
    }

    @Test
    void scalarAliasesAreFine() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: &short 30s",
          "  - name: b",
          "    method: a.B#d",
          "    ttl: *short"));
      assertProblems(c);
      assertEquals(Duration.ofSeconds(30), rule(c, "b").ttl());
    }
  }

  @Nested
  class Problems {
    @Test
    void unknownKeysSuggestTheNearestOne() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    tll: 5m",
          "    colour: red",
          "tll: 3"));
      assertProblems(c,
          "4:5: rule 'a': unknown key 'tll' — did you mean 'ttl'?",
          "5:5: rule 'a': | unknown key 'colour'; valid keys here: name, method, ttl, jitter,"
              + " max-entries, key, cache-nulls, stampede, stampede-timeout, enabled, tiers,"
              + " l1-ttl, mode, refresh-at, early-expiry, tags, copy-on-read, receiver, evict, put",
          "6:1: | unknown key 'tll'; valid keys here: namespace, strict, redis, serialization,"
              + " defaults, rules");
      assertTrue(c.rules().isEmpty(), "a rule with any problem is skipped");
    }

    @Test
    void keysInTheWrongPlace() {
      RulesConfig c = parse(yaml(
          "ttl: 5m",
          "defaults: {name: x, method: a.B#c, namespace: y}",
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    rules: []"));
      assertProblems(c,
          "1:1: | 'ttl' is a rule setting, not a top-level key; put it inside a rule or under"
              + " 'defaults:'",
          "2:12: | 'name' cannot have a default; give each rule its own 'name'",
          "2:21: | 'method' cannot have a default",
          "2:36: | 'namespace' belongs at the top level of the file, not inside 'defaults'",
          "6:5: rule 'a': | 'rules' belongs at the top level of the file, not inside a rule;"
              + " check the indentation");
    }

    @Test
    void wrongValues() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: 30",
          "    jitter: 0.1",
          "    max-entries: lots",
          "    stampede: global",
          "    enabled: yes",
          "    cache-nulls: 0s",
          "    stampede-timeout: -1s",
          "    key: \"{x}\""));
      assertProblems(c,
          "4:10: rule 'a': 'ttl': '30' has no unit — write 30s",
          "5:13: rule 'a': 'jitter': '0.1' has no '%' | 10%",
          "6:18: rule 'a': 'max-entries' must be a positive integer, got 'lots'; write e.g."
              + " max-entries: 10000",
          "7:15: rule 'a': 'stampede' must be one of: local, none, distributed; got 'global' — did"
              + " you mean 'local'?",
          "8:14: rule 'a': 'enabled' must be true or false, got 'yes'",
          "9:18: rule 'a': 'cache-nulls' must be greater than zero, got '0s' | remove"
              + " 'cache-nulls' to never cache nulls",
          "10:23: rule 'a': 'stampede-timeout': '-1s' is negative",
          "11:10: rule 'a': 'key': placeholder '{x}' at position 1 of '{x}' must start with an"
              + " argument index | e.g. {0}");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void zeroTtlAndBadMaxEntries() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: 0s",
          "    max-entries: 0",
          "  - name: b",
          "    method: a.B#c",
          "    max-entries: -5",
          "  - name: c",
          "    method: a.B#c",
          "    max-entries: 99999999999999999999999"));
      assertProblems(c,
          "4:10: rule 'a': 'ttl' must be greater than zero, got '0s'; write e.g. ttl: 5m",
          "5:18: rule 'a': 'max-entries' must be a positive integer, got '0'",
          "8:18: rule 'b': 'max-entries' must be a positive integer, got '-5'",
          "11:18: rule 'c': 'max-entries' is too large");
    }

    @Test
    void wrongShapes() {
      RulesConfig c = parse(yaml(
          "namespace: [a]",
          "strict: maybe",
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: {m: 5}",
          "  - just-a-string",
          "  - [1, 2]",
          "  -"));
      assertProblems(c,
          "1:12: | 'namespace' must be a single value, but this is a list; write e.g."
              + " namespace: shop",
          "2:9: | 'strict' must be true or false, got 'maybe'",
          "6:10: rule 'a': 'ttl' must be a single value, but this is a mapping; write e.g. ttl: 5m",
          "7:5: | each rule must be a mapping with at least 'name' and 'method', but this is the"
              + " text 'just-a-string'",
          "8:5: | each rule must be a mapping | but this is a list",
          "9:4: | each rule must be a mapping | but this is empty");
      assertEquals(RulesConfig.DEFAULT_NAMESPACE, c.namespace());
      assertFalse(c.strict());
    }

    @Test
    void missingValues() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl:",
          "    key: ~"));
      assertProblems(c,
          "4:9: rule 'a': 'ttl' has no value; write e.g. ttl: 5m, or remove the line",
          "5:10: rule 'a': 'key' has no value; write e.g. key: \"{0}\", or remove the line");
    }

    @Test
    void missingNameAndMethod() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - method: a.B#c",
          "  - name: b",
          "    ttl: 5m",
          "  - ttl: 1m"));
      assertProblems(c,
          "2:5: | the rule has no 'name'; add one, e.g. name: product-by-id",
          "3:5: rule 'b': the rule has no 'method'; add one, e.g. method:"
              + " com.shop.ProductRepository#findById(long)",
          "5:5: | the rule has no 'name'",
          "5:5: | the rule has no 'method'");
      assertNull(c.problems().get(0).rule());
      assertEquals("b", c.problems().get(1).rule());
    }

    @Test
    void badRuleNames() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: Product_By_Id",
          "    method: a.B#c",
          "  - name: -a",
          "    method: a.B#c",
          "  - name: a--b",
          "    method: a.B#c"));
      assertProblems(c,
          "2:11: rule name 'Product_By_Id' must be lower-case letters and digits in words joined"
              + " by '-', e.g. product-by-id",
          "4:11: rule name '-a'",
          "6:11: rule name 'a--b' | e.g. a-b");
    }

    @Test
    void duplicateRuleNamesSkipTheSecond() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: 1m",
          "  - name: a",
          "    method: a.B#d",
          "    ttl: 2m"));
      assertProblems(c,
          "5:11: rule 'a': duplicate rule name 'a' (first at line 2); rule names must be unique"
              + " — rename this rule (it is skipped)");
      assertEquals(1, c.rules().size());
      assertEquals(Duration.ofMinutes(1), c.rules().get(0).ttl());
    }

    @Test
    void duplicateKeys() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: 1m",
          "    ttl: 2m",
          "rules: []"));
      assertProblems(c,
          "5:5: rule 'a': duplicate key 'ttl' (first at line 4); remove one of them",
          "6:1: | duplicate key 'rules' (first at line 1); remove one of them");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void malformedMethodIsPositionedAtTheValue() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method:   com.shop.ProductRepository.findById(long)"));
      assertProblems(c,
          "3:15: rule 'a': 'method': expected Type#method(params), e.g."
              + " com.shop.ProductRepository#findById(long); '#' is missing");
    }

    @Test
    void malformedKeyIsPositionedAtTheValue() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c(long)",
          "    key: 'id:{0'"));
      assertProblems(c,
          "4:10: rule 'a': 'key': unclosed '{' at position 4 of 'id:{0' | write '{{'");
    }

    @Test
    void keyNamingAMissingArgument() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c(long, int)",
          "    key: '{2}'",
          "  - name: b",
          "    method: a.B#c()",
          "    key: '{0}'",
          "  - name: ok-with-dots",
          "    method: a.B#c(long, ..)",
          "    key: '{5}'",
          "  - name: ok-any-overload",
          "    method: a.B#c",
          "    key: '{5}'"));
      assertProblems(c,
          "4:10: rule 'a': 'key' uses argument {2} but a.B#c(long, int) has 2 parameters;"
              + " arguments are numbered from 0, so use {0} to {1}",
          "7:10: rule 'b': | has 0 parameters; the method takes no parameters, so remove 'key'");
      assertEquals(2, c.rules().size());
    }

    @Test
    void badNamespace() {
      assertProblems(parse(yaml("namespace: My Shop", "rules: [{name: a, method: a.B#c}]")),
          "1:12: | namespace 'My Shop' must start with a lower-case letter or digit and contain"
              + " only lower-case letters, digits, '.', '_' or '-' (at most 64), e.g. namespace:"
              + " shop");
      assertProblems(parse(yaml("namespace: " + "a".repeat(65), "rules: [{name: a, method: a.B#c}]")),
          "1:12: | (at most 64)");
      RulesConfig ok = parse(yaml("namespace: shop-eu.v2_1", "rules: [{name: a, method: a.B#c}]"));
      assertProblems(ok);
      assertEquals("shop-eu.v2_1", ok.namespace());
    }

    @Test
    void aBadDefaultIsReportedOnceAndIgnored() {
      RulesConfig c = parse(yaml(
          "defaults:",
          "  ttl: lots",
          "  jitter: 10%",
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "  - name: b",
          "    method: a.B#d"));
      assertProblems(c,
          "2:8: | in 'defaults': 'ttl': 'lots' is not a duration | (this default is ignored;"
              + " rules use the built-in ttl: 5m)");
      assertEquals(2, c.rules().size(), "the rules stay valid");
      assertEquals(Duration.ofMinutes(5), rule(c, "a").ttl());
      assertEquals(0.1, rule(c, "b").jitter(), 1e-12, "the good defaults still apply");
    }

    @Test
    void defaultsOfTheWrongShape() {
      assertProblems(parse(yaml("defaults: [ttl]", "rules: [{name: a, method: a.B#c}]")),
          "1:11: | 'defaults' must be a mapping of rule settings, but this is a list; write e.g."
              + " defaults: {ttl: 5m, jitter: 10%}");
    }

    @Test
    void validRulesAreKeptNextToBrokenOnes() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: good",
          "    method: a.B#c",
          "  - name: bad",
          "    method: a.B#c",
          "    ttl: forever",
          "  - name: also-good",
          "    method: a.B#d"));
      assertEquals(1, c.problems().size());
      assertEquals("bad", c.problems().get(0).rule());
      assertEquals(List.of("good", "also-good"),
          c.rules().stream().map(RuleConfig::name).collect(Collectors.toList()));
    }

    @Test
    void problemsFollowFileOrderAcrossSections() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: x",
          "defaults:",
          "  ttl: y",
          "strict: z"));
      assertProblems(c, "4:10: rule 'a'", "6:8: | in 'defaults'", "7:9: | 'strict'");
    }

    @Test
    void mergeKeysAreNotSupported() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - &base {name: a, method: a.B#c, ttl: 1m}",
          "  - <<: *base",
          "    name: b"));
      assertProblems(c,
          "3:5: rule 'b': merge keys ('<<') are not supported in a rules file | 'defaults:'",
          "3:5: rule 'b': the rule has no 'method'");
      assertEquals(List.of("a"), c.rules().stream().map(RuleConfig::name).collect(Collectors.toList()));
    }

    @Test
    void problemsRenderAsFileLineColumn() {
      Problem p = parse(yaml("rules:", "  - name: a", "    method: a.B#c", "    ttl: 1"))
          .problems().get(0);
      assertEquals(4, p.position().line());
      assertEquals(10, p.position().column());
      assertEquals(FILE, p.position().file());
      assertEquals("rules.yaml:4:10: rule 'a': 'ttl': '1' has no unit — write 1s (units: ms, s,"
          + " m, h, d)", p.toString());
    }
  }

  @Nested
  class Environment {
    @Test
    void substitutedBeforeInterpretation() {
      RulesConfig c = parse(yaml(
          "namespace: ${NS:-shop}",
          "strict: ${STRICT:-false}",
          "defaults:",
          "  jitter: ${JITTER}",
          "rules:",
          "  - name: ${RULE_NAME:-a}",
          "    method: ${REPO}#findById(long)",
          "    ttl: ${SHOP_TTL}",
          "    max-entries: ${MAX:-100}",
          "    key: 'id-${PREFIX:-x}-{0}'",
          "    enabled: ${ENABLED:-true}"),
          Map.of("SHOP_TTL", "7m", "REPO", "com.shop.ProductRepository", "JITTER", "5%",
              "STRICT", "true"));
      assertProblems(c);
      assertEquals("shop", c.namespace());
      assertTrue(c.strict());
      RuleConfig r = rule(c, "a");
      assertEquals("com.shop.ProductRepository", r.method().exactTypeName());
      assertEquals(Duration.ofMinutes(7), r.ttl());
      assertEquals(0.05, r.jitter(), 1e-12);
      assertEquals(100, r.maxEntries());
      assertEquals("id-x-{0}", r.key().text());
    }

    @Test
    void unsetVariableWithoutDefault() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: ${SHOP_TTL}"));
      assertProblems(c,
          "4:10: rule 'a': 'ttl': environment variable SHOP_TTL is not set and has no default;"
              + " write ${SHOP_TTL:-5m} or set it");
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void substitutedValueIsValidatedLikeAnyOther() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    ttl: ${SHOP_TTL}"),
          Map.of("SHOP_TTL", "30"));
      assertProblems(c, "4:10: rule 'a': 'ttl': '30' has no unit — write 30s");
    }

    @Test
    void doubleDollarIsLiteralAndSubstitutionIsNotRecursive() {
      RulesConfig c = parse(yaml(
          "rules:",
          "  - name: a",
          "    method: a.B#c",
          "    key: '$${{HOME}}/{0}'",
          "  - name: b",
          "    method: a.B#c",
          "    key: '${INDIRECT}'"),
          Map.of("INDIRECT", "${{HOME}}{0}", "HOME", "/root"));
      assertProblems(c);
      assertEquals("${{HOME}}/{0}", rule(c, "a").key().text());
      assertEquals("${HOME}/", rule(c, "a").key().parts().get(0).literal());
      assertEquals("${{HOME}}{0}", rule(c, "b").key().text(), "a substituted value is not scanned again");
    }

    @Test
    void keysAreNotSubstituted() {
      RulesConfig c = parse(yaml("${K}: 1", "rules: [{name: a, method: a.B#c}]"),
          Map.of("K", "strict"));
      assertProblems(c, "1:1: | unknown key '${K}'");
    }
  }

  @Nested
  class Files_ {
    @TempDir
    Path dir;

    @Test
    void loadsAFile() throws Exception {
      Path file = dir.resolve("rules.yaml");
      Files.write(file, yaml("rules: [{name: a, method: a.B#c, ttl: '${T}'}]")
          .getBytes(StandardCharsets.UTF_8));
      RulesConfig c = RulesParser.load(file, Map.of("T", "9s")::get);
      assertProblems(c);
      assertEquals(file.toString(), c.source());
      assertEquals(Duration.ofSeconds(9), c.rules().get(0).ttl());
      assertEquals(file + ":1:9", c.rules().get(0).position().toString());
    }

    @Test
    void missingFile() {
      Path file = dir.resolve("nope.yaml");
      RulesConfig c = RulesParser.load(file, k -> null);
      assertEquals(1, c.problems().size());
      String p = c.problems().get(0).toString();
      assertTrue(p.startsWith(file + ":1:1: file not found; check the path"), p);
      assertTrue(p.contains("-Dmethodcache.config"), p);
      assertTrue(c.rules().isEmpty());
    }

    @Test
    void directory() {
      RulesConfig c = RulesParser.load(dir, k -> null);
      assertEquals(1, c.problems().size());
      assertTrue(c.problems().get(0).toString().startsWith(dir + ":1:1: this is a directory"));
    }

    @Test
    void nullPath() {
      RulesConfig c = RulesParser.load(null, k -> null);
      assertEquals(1, c.problems().size());
      assertTrue(c.problems().get(0).message().contains("no rules file was given"));
    }

    @Test
    void tooLargeFileIsNotReadWhole() throws Exception {
      Path file = dir.resolve("big.yaml");
      byte[] big = new byte[RulesParser.MAX_BYTES + 10];
      java.util.Arrays.fill(big, (byte) '#');
      Files.write(file, big);
      RulesConfig c = RulesParser.load(file, k -> null);
      assertEquals(1, c.problems().size());
      assertTrue(c.problems().get(0).toString().startsWith(file + ":1:1: the file is larger than"
          + " 1 MiB"), c.problems().get(0).toString());
    }
  }
}
