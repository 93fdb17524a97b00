package io.methodcache.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.cli.CliRunner;
import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.redis.Codecs;
import io.methodcache.agent.redis.SerialAllowList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code validate} and the agent agree on every file: one that {@code validate} accepts (exit 0)
 * is read by the agent's start-up without a problem and with every rule it declares, and builds
 * what start-up builds from it (the engine with those rules, the L2 codecs with the file's
 * allow-list); one that {@code validate} refuses has the same problems at start. Run over the
 * shipped samples and over files that once parted them (a wildcard inside an allow-list name
 * segment passed {@code validate} and stopped the agent).
 */
class AcceptedFilesStartTest {
  @TempDir
  static Path tmp;

  /** Files that exercise every kind of pattern the rules file has, and each grammar corner. */
  private static final Map<String, String[]> TRICKY = new LinkedHashMap<>();

  static {
    TRICKY.put("allow-star-in-segment.yaml", new String[] {
        "redis:",
        "  uri: redis://127.0.0.1:6379/0",
        "serialization:",
        "  allow: [\"com.shop.*Dto\", \"com.shop.Order$*\", \"com.shop.**.dto.*\","
            + " \"com.shop.model.Product\"]",
        "rules:",
        "  - name: product-by-id",
        "    method: com.shop.ProductRepository#findById(long)"});
    TRICKY.put("patterns.yaml", new String[] {
        "defaults: { ttl: 5m, jitter: 10% }",
        "rules:",
        "  - name: repo-finds",
        "    method: com.shop.*Repository+#find*(..)",
        "  - name: any-dao",
        "    method: com.**.dao.*Dao#load(long, java.lang.String)",
        "    key: \"{0}:{1}\"",
        "  - name: nested",
        "    method: com.shop.Outer$Inner#get(int[], java.util.List)",
        "  - name: no-args",
        "    method: com.shop.Config#current()",
        "    ttl: ${CONFIG_TTL:-30s}"});
    TRICKY.put("writes.yaml", new String[] {
        "rules:",
        "  - name: product-by-id",
        "    method: com.shop.ProductRepository#findById(long)",
        "    tags: [\"product:{0}\", catalog]",
        "  - name: page",
        "    method: com.shop.Pages#render(long)",
        "    mode: refresh-ahead",
        "    refresh-at: 70%",
        "  - name: product-save",
        "    method: com.shop.ProductRepository#save(com.shop.Product)",
        "    evict:",
        "      - { rule: product-by-id, key: \"{0.id}\" }",
        "      - { tag: \"product:{0.id}\", before: true }",
        "      - { rule: page, all: true }",
        "  - name: product-update",
        "    method: com.shop.ProductRepository#update(com.shop.Product)",
        "    put: { rule: product-by-id, key: \"{0.id}\" }"});
    TRICKY.put("tiers.yaml", new String[] {
        "namespace: shop",
        "redis:",
        "  uri: ${REDIS_URI_FOR_NO_TEST:-redis://127.0.0.1:6379/0}",
        "  timeout: 50ms",
        "  breaker: { failures: 5, open-for: 5s }",
        "serialization:",
        "  allow: [\"com.shop.model.**\"]",
        "defaults: { tiers: [l1, l2] }",
        "rules:",
        "  - name: l2-only",
        "    method: com.shop.Prices#of(long)",
        "    tiers: [l2]",
        "  - name: both",
        "    method: com.shop.Prices#list(java.lang.String)",
        "    l1-ttl: 10s",
        "    stampede: distributed"});
    // refused by both: the JDK is never instrumented, a wildcard too close to the root
    TRICKY.put("jdk-rule.yaml", new String[] {
        "rules:",
        "  - name: map-get",
        "    method: java.util.HashMap#get(java.lang.Object)"});
    TRICKY.put("allow-too-wide.yaml", new String[] {
        "serialization:",
        "  allow: [\"com.*Dto\"]",
        "rules:",
        "  - name: product-by-id",
        "    method: com.shop.ProductRepository#findById(long)"});
  }

  @TestFactory
  Stream<DynamicTest> validateAndStartUpAgree() throws IOException {
    List<Path> files = new ArrayList<>();
    String dir = System.getProperty("methodcache.samples.dir");
    if (dir != null && Files.isDirectory(Path.of(dir))) {
      try (Stream<Path> list = Files.list(Path.of(dir))) {
        files.addAll(list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted()
            .collect(Collectors.toList()));
      }
    }
    assertFalse(files.isEmpty(), "no config-samples (methodcache.samples.dir=" + dir + ")");
    for (Map.Entry<String, String[]> e : TRICKY.entrySet()) {
      files.add(Files.write(tmp.resolve(e.getKey()),
          (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
        () -> agree(f)));
  }

  private static void agree(Path file) throws IOException {
    String[] validate = CliRunner.run("validate", file.toString());
    boolean accepted = validate[0].equals("0");
    RulesConfig started = RuleFiles.read(file); // what Agent.start and every reload read
    List<String> problems = started.problems().stream().map(Problem::toString)
        .collect(Collectors.toList());
    if (!accepted) {
      // refused: the agent sees the very problems validate printed
      assertFalse(problems.isEmpty(), "validate refused " + file + " but the agent would start"
          + " it without a problem:\n" + validate[2]);
      assertEquals(String.join("\n", problems) + "\n", validate[2], file.toString());
      return;
    }
    assertEquals(List.of(), problems, "validate accepted " + file);
    List<String> declared = declaredRuleNames(file);
    List<String> names = started.rules().stream().map(r -> r.name()).collect(Collectors.toList());
    assertEquals(declared, names, "every rule of " + file + " is started");
    Engine engine = new Engine(started.rules());
    assertEquals(declared, new ArrayList<>(engine.rules().keySet()), file.toString());
    // the shared tier's codecs, built from the same value (the part of start-up that once parsed
    // the allow-list again, with another grammar)
    Codecs codecs = Codecs.load(started.serialization(),
        AcceptedFilesStartTest.class.getClassLoader());
    assertTrue(codecs.ids().contains("jdk"), file.toString());
    SerialAllowList allow = SerialAllowList.of(started.serialization());
    assertEquals(started.serialization().allow(), allow.patterns(), file.toString());
    for (String pattern : started.serialization().allow()) {
      String example = pattern.replace("**", "a.b").replace("*", "X");
      assertTrue(allow.allows(example), pattern + " allows " + example);
    }
  }

  /** The rule names as the YAML says, read independently of the agent's parser. */
  @SuppressWarnings("unchecked")
  private static List<String> declaredRuleNames(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Object root = new Yaml(new LoaderOptions()).load(in);
      List<String> names = new ArrayList<>();
      Object rules = ((Map<String, Object>) root).get("rules");
      for (Object r : (List<Object>) rules) {
        names.add(String.valueOf(((Map<String, Object>) r).get("name")));
      }
      return names;
    }
  }
}
