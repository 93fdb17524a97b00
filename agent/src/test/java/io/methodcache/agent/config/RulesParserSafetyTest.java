package io.methodcache.agent.config;

import static io.methodcache.agent.config.RulesParserTest.FILE;
import static io.methodcache.agent.config.RulesParserTest.assertProblems;
import static io.methodcache.agent.config.RulesParserTest.parse;
import static io.methodcache.agent.config.RulesParserTest.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever the input, the parser returns (never throws), constructs nothing from the file, and
 * reports what it refused with a position and a fix.
 */
class RulesParserSafetyTest {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  /** Counts instances: a tag naming this class must never create one. */
  public static final class Canary {
    static final AtomicInteger CREATED = new AtomicInteger();

    public Canary() {
      CREATED.incrementAndGet();
    }

    public void setName(String name) {
      CREATED.incrementAndGet();
    }
  }

  @BeforeAll
  static void warmUp() {
    // Load SnakeYAML's classes first, so the time limits below measure the parsing.
    parse(yaml("rules: [{name: a, method: a.B#c}]"));
  }

  private static RulesConfig parseBytes(byte[] content) {
    return RulesParser.parse(FILE, content, k -> null);
  }

  @Test
  void aTagNamingAJavaClassConstructsNothing() {
    String canary = "!!" + Canary.class.getName();
    RulesConfig c = parse(yaml(
        "rules:",
        "  - name: a",
        "    method: a.B#c",
        "    ttl: " + canary + " {name: boom}",
        "  - name: b",
        "    method: a.B#d",
        "extra: " + canary + " {name: boom}"));
    assertEquals(0, Canary.CREATED.get());
    assertProblems(c,
        "4:10: rule 'a': tags are not allowed in a rules file; remove '" + canary + "' — the file"
            + " is plain data",
        "7:1: | unknown key 'extra'",
        "7:8: | tags are not allowed in a rules file");
    assertEquals(1, c.rules().size(), "the rule without a tag is kept");
    assertEquals("b", c.rules().get(0).name());
  }

  @Test
  void theClassicScriptEngineGadgetIsJustAProblem() {
    RulesConfig c = parse(yaml(
        "rules: !!javax.script.ScriptEngineManager [",
        "  !!java.net.URLClassLoader [[",
        "    !!java.net.URL [\"http://127.0.0.1:1/evil.jar\"]",
        "  ]]",
        "]"));
    assertProblems(c,
        "1:8: | tags are not allowed in a rules file; remove '!!javax.script.ScriptEngineManager'",
        "2:3: | '!!java.net.URLClassLoader'",
        "3:5: | '!!java.net.URL'");
    assertTrue(c.rules().isEmpty());
  }

  @Test
  void everyKindOfExplicitTagIsRefused() {
    RulesConfig c = parse(yaml(
        "rules:",
        "  - name: a",
        "    method: !local a.B#c",
        "  - !!map {name: b, method: a.B#c, ttl: !<tag:example.com,2000:x> 5m}",
        "  - name: c",
        "    method: a.B#c",
        "    key: !!binary e1swXX0=",
        "  - name: d",
        "    method: a.B#c",
        "    ttl: !!str 5m"));
    assertProblems(c,
        "3:13: rule 'a': tags are not allowed | '!local'",
        "4:41: rule 'b': tags are not allowed | 'tag:example.com,2000:x'",
        "7:10: rule 'c': tags are not allowed | '!!binary'");
    assertEquals(1, c.rules().size(), "!!str and !!map are plain data, not a type to construct");
    assertEquals("d", c.rules().get(0).name());
  }

  @Test
  void anAliasOfATaggedNodeInvalidatesEveryRuleUsingIt() {
    RulesConfig c = parse(yaml(
        "rules:",
        "  - name: a",
        "    method: a.B#c",
        "    ttl: &t !x 5m",
        "  - name: b",
        "    method: a.B#c",
        "    ttl: *t"));
    assertProblems(c, "4:10: rule 'a': tags are not allowed");
    assertTrue(c.rules().isEmpty());
  }

  @Test
  void aliasBombIsRefusedQuickly() {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      bomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        bomb.append(i > 0 ? ", " : "").append('*').append((char) (c - 1));
      }
      bomb.append("]\n");
    }
    bomb.append("rules: *j\n");
    RulesConfig c = assertTimeoutPreemptively(ONE_SECOND, () -> parse(bomb.toString()));
    assertProblems(c, "4:16: | more than 20 aliases (*name) of lists or mappings | write the values out");
    assertTrue(c.rules().isEmpty());
  }

  @Test
  void aliasCyclesDoNotLoop() {
    RulesConfig c = assertTimeoutPreemptively(ONE_SECOND, () -> parse(yaml(
        "defaults: &d {ttl: *d}",
        "rules: &r [*r, {name: a, method: a.B#c}]")));
    assertProblems(c,
        "1:11: | 'ttl' must be a single value, but this is a mapping",
        "2:8: | each rule must be a mapping | but this is a list");
    assertEquals(1, c.rules().size());
  }

  @Test
  void deepFlowNestingIsRefusedQuickly() {
    String deep = "rules: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    RulesConfig c = assertTimeoutPreemptively(ONE_SECOND, () -> parse(deep));
    assertProblems(c, "1:27: | nested deeper than 20 levels | check the indentation and brackets");
  }

  @Test
  void deepBlockNestingIsRefusedQuickly() {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 1_400; i++) { // as deep as fits in the 1 MiB limit
      deep.append(" ".repeat(i)).append("k:\n");
    }
    RulesConfig c = assertTimeoutPreemptively(ONE_SECOND, () -> parse(deep.toString()));
    assertProblems(c, "21:21: | nested deeper than 20 levels");
  }

  @Test
  void tenThousandDeepNestingInAnyFormIsBounded() {
    // Nested flow mappings trip SnakeYAML's scanner (a possible key must find its ':' within
    // 1024 characters) before the depth limit: a different message, the same bounded refusal.
    StringBuilder mixed = new StringBuilder("rules:\n");
    for (int i = 0; i < 10_000; i++) {
      mixed.append(i % 2 == 0 ? "{a: " : "[");
    }
    RulesConfig c = assertTimeoutPreemptively(ONE_SECOND, () -> parse(mixed.toString()));
    assertProblems(c, "2:1026: YAML syntax error:");
    assertTrue(c.rules().isEmpty());
  }

  @Test
  void emptyFile() {
    for (String empty : new String[] {"", "\n\n", "# only a comment\n", "---\n", "--- # nothing\n"}) {
      RulesConfig c = parse(empty);
      assertProblems(c, "1:1: the file has no rules; a rules file needs a 'rules:' list, e.g.");
      assertTrue(c.rules().isEmpty());
      assertEquals(RulesConfig.DEFAULT_NAMESPACE, c.namespace());
    }
    assertProblems(parseBytes(new byte[0]), "1:1: the file has no rules");
    assertProblems(parseBytes(null), "1:1: the file has no rules");
  }

  @Test
  void emptyRules() {
    assertProblems(parse(yaml("namespace: x", "rules:")),
        "2:1: | 'rules' is empty; add at least one rule");
    assertProblems(parse(yaml("rules: []")), "1:8: | 'rules' is empty");
    assertProblems(parse(yaml("namespace: x")), "1:1: | the file has no 'rules:' list; add one");
    assertProblems(parse(yaml("rules: {name: a, method: a.B#c}")),
        "1:8: | 'rules' must be a list, but this is a mapping; start each rule with '- '");
  }

  @Test
  void binaryContent() {
    String expected = "1:1: not a YAML rules file (binary content)";
    assertProblems(parseBytes(new byte[] {'r', 'u', 'l', 'e', 's', ':', 0, 1}), expected);
    assertProblems(parseBytes(new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28}), expected);
    assertProblems(parseBytes(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}),
        expected);
    assertProblems(parseBytes("rules: []".getBytes(StandardCharsets.UTF_16)), expected);
  }

  @Test
  void controlCharacterIsPositioned() {
    assertProblems(parse(yaml("rules:", "  - name: a\u0007")),
        "2:12: character U+0007 is not allowed in a YAML file; remove it");
  }

  @Test
  void tooLarge() {
    byte[] huge = new byte[RulesParser.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) 'a');
    RulesConfig c = assertTimeoutPreemptively(ONE_SECOND, () -> parseBytes(huge));
    assertProblems(c, "1:1: the file is larger than 1 MiB");
  }

  @Test
  void notAMapping() {
    assertProblems(parse(yaml("- name: a", "  method: a.B#c")),
        "1:1: a rules file must be a mapping with a top-level 'rules:' list, but this is a list;"
            + " start the file with 'rules:'");
    assertProblems(parse("just text\n"), "1:1: | but this is the text 'just text'");
    assertProblems(parse("42"), "1:1: | but this is the text '42'");
  }

  @Test
  void nullsEverywhere() {
    RulesConfig c = parse(yaml(
        "namespace: ~",
        "strict: null",
        "defaults:",
        "  ttl:",
        "rules:",
        "  - name:",
        "    method: ~",
        "    ~: 1",
        "  - ~",
        "~: ~"));
    assertProblems(c,
        "1:12: | 'namespace' has no value",
        "2:9: | 'strict' has no value",
        "4:7: | 'ttl' has no value",
        "6:10: | 'name' has no value",
        "7:13: | 'method' has no value",
        "8:5: | a key must be a plain name, but this is empty",
        "9:5: | each rule must be a mapping | but this is empty",
        "10:1: | a key must be a plain name, but this is empty");
    assertTrue(c.rules().isEmpty());
  }

  @Test
  void complexKeys() {
    RulesConfig c = parse(yaml(
        "? [a, b]",
        ": 1",
        "rules: [{name: a, method: a.B#c, {x: 1}: 2}]"));
    assertProblems(c,
        "1:3: | a key must be a plain name, but this is a list",
        "3:34: rule 'a': a key must be a plain name, but this is a mapping");
  }

  @Test
  void syntaxErrors() {
    assertProblems(parse(yaml("rules:", "  - name: a", "    method: [a.B#c")),
        "4:1: YAML syntax error: | check the indentation (spaces only)");
    assertProblems(parse(yaml("rules:", "\t- name: a")),
        "2:1: YAML syntax error: a tab character; indent with spaces only");
    assertProblems(parse(yaml("rules: *nothing")),
        "1:8: YAML syntax error: found undefined alias nothing; define the anchor");
    assertProblems(parse(yaml("rules:", "  - name: a", " method: x")), "3:2: YAML syntax error:");
  }

  @Test
  void moreThanOneDocument() {
    RulesConfig c = parse(yaml(
        "rules: [{name: a, method: a.B#c}]",
        "---",
        "rules: [{name: b, method: a.B#c}]"));
    assertProblems(c,
        "3:1: a rules file holds one YAML document, but a second one starts here; remove the"
            + " '---' line | only the first document was read");
    assertEquals(1, c.rules().size());
    assertEquals("a", c.rules().get(0).name());
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(42);
    String alphabet = "rules:-name method ttl {}[],:&*!|>'\"#%@`?\n\t ~$0123456789.aB#()";
    for (int round = 0; round < 2_000; round++) {
      byte[] content;
      if (round % 2 == 0) {
        content = new byte[random.nextInt(200)];
        random.nextBytes(content);
      } else {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(200); i > 0; i--) {
          s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        content = s.toString().getBytes(StandardCharsets.UTF_8);
      }
      RulesConfig c = parseBytes(content);
      assertNotNull(c);
      for (Problem p : c.problems()) {
        assertTrue(p.position().line() >= 1 && p.position().column() >= 1, p.toString());
        assertFalse(p.message().isEmpty());
      }
    }
  }

  @Test
  void aThrowingEnvironmentIsTreatedAsUnset() {
    RulesConfig c = RulesParser.parse(FILE,
        yaml("rules: [{name: a, method: a.B#c, ttl: '${X:-1m}'}]").getBytes(StandardCharsets.UTF_8),
        k -> {
          throw new IllegalStateException("boom");
        });
    assertProblems(c);
    assertEquals(Duration.ofMinutes(1), c.rules().get(0).ttl());
  }

  @Test
  void nullSourceNameAndEnvironment() {
    RulesConfig c = RulesParser.parse(null, "rules: [{name: a, method: a.B#c}]".getBytes(
        StandardCharsets.UTF_8), null);
    assertEquals("<rules>", c.source());
    assertEquals(1, c.rules().size());
  }

  /** A file using every key of format 1, for the mutation test below. */
  private static final String EVERY_KEY = yaml(
      "namespace: shop",
      "strict: false",
      "redis:",
      "  uri: redis://:pw@127.0.0.1:6379/0",
      "  password: ${REDIS_PASSWORD:-}",
      "  timeout: 50ms",
      "  breaker: { failures: 5, open-for: 5s }",
      "  invalidation-log: { max-length: 10000, replay-queue: 10000 }",
      "serialization:",
      "  allow: [\"com.shop.**\", com.shop.model.Product]",
      "defaults: { tiers: [l1, l2], ttl: 5m, jitter: 10%, tags: [all] }",
      "rules:",
      "  - name: product-by-id",
      "    method: com.shop.ProductRepository#findById(long)",
      "    key: '{0}'",
      "    l1-ttl: 30s",
      "    stampede: distributed",
      "    tags: ['product:{0}', catalog]",
      "    copy-on-read: true",
      "  - name: rates",
      "    method: com.shop.RatesClient#latest(String)",
      "    mode: refresh-ahead",
      "    refresh-at: 80%",
      "  - name: page",
      "    method: com.shop.Pages#render(long)",
      "    early-expiry: { strategy: xfetch, beta: 1.0 }",
      "  - name: product-save",
      "    method: com.shop.ProductRepository#save(com.shop.Product)",
      "    evict:",
      "      - { rule: product-by-id, key: '{0.id}', before: true }",
      "      - { tag: 'product:{0.id}' }",
      "      - { rule: page, all: true }",
      "    put: { rule: product-by-id, key: '{0.id}' }");

  @Test
  void everyKeyParsesCleanly() {
    RulesConfig c = parse(EVERY_KEY);
    assertProblems(c);
    assertEquals(4, c.rules().size());
    assertNotNull(c.redis());
  }

  @Test
  void mutationsOfEveryKeyNeverThrow() {
    Random random = new Random(7);
    String alphabet = "{}[],:-'\"#&*!|>%@`?\n ~$0123456789.lL2#(){}/_";
    for (int round = 0; round < 3_000; round++) {
      StringBuilder s = new StringBuilder(EVERY_KEY);
      for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
        int at = random.nextInt(s.length());
        switch (random.nextInt(3)) {
          case 0: s.deleteCharAt(at); break;
          case 1: s.insert(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
          default: s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
        }
      }
      RulesConfig c = parse(s.toString());
      for (Problem p : c.problems()) {
        assertFalse(p.message().startsWith("internal error"), s + "\n" + p);
        assertTrue(p.position().line() >= 1 && p.position().column() >= 1, p.toString());
      }
    }
  }

  @Test
  void tagsInTheNewSectionsConstructNothing() {
    String canary = "!!" + Canary.class.getName();
    RulesConfig c = parse(yaml(
        "redis: " + canary + " {uri: 'redis://h'}",
        "serialization: {allow: [" + canary + " x]}",
        "rules:",
        "  - {name: a, method: 'a.B#c', tags: [" + canary + " t], tiers: !!set {l1: ~}}",
        "  - {name: w, method: 'a.B#c', evict: {tag: " + canary + " t}}"));
    assertEquals(0, Canary.CREATED.get());
    assertProblems(c,
        "1:8: tags are not allowed in a rules file; remove '" + canary + "' | (L2 stays off until"
            + " this is fixed)",
        "2:25: tags are not allowed",
        "4:39: rule 'a': tags are not allowed",
        "4:" + (39 + canary.length() + 12) + ": rule 'a': tags are not allowed | remove '!!set'",
        "5:45: rule 'w': tags are not allowed");
    assertTrue(c.rules().isEmpty());
    assertEquals(null, c.redis());
  }
}
