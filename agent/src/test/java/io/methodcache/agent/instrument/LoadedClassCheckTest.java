package io.methodcache.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RulesConfig;
import io.methodcache.agent.config.RulesParser;
import io.methodcache.testapp.Shop;
import io.methodcache.testapp.Shop.Catalog;
import io.methodcache.testapp.Shop.JdbcCatalog;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a reload checks before it applies anything: the rules against the classes loaded now,
 * with the instrumenter's own checks, each problem at the line that needs the fix.
 */
class LoadedClassCheckTest {
  private static final String SHOP = Shop.class.getName();

  /** An Instrumentation that reports these classes as loaded; nothing else is used. */
  private static Instrumentation loaded(Class<?>... classes) {
    return (Instrumentation) Proxy.newProxyInstance(LoadedClassCheckTest.class.getClassLoader(),
        new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getAllLoadedClasses": return classes.clone();
            case "isModifiableClass": return true;
            default: throw new UnsupportedOperationException(method.getName());
          }
        });
  }

  private static List<String> problems(String rules, Class<?>... classes) {
    RulesConfig config = RulesParser.parse("rules.yaml", rules.getBytes(StandardCharsets.UTF_8),
        name -> null);
    assertEquals(List.of(), config.problems(), "the file itself is valid");
    return new LoadedClassCheck(loaded(classes), new BridgeCheck()).problems(config.rules())
        .stream().map(Problem::toString).collect(Collectors.toList());
  }

  @Test
  void aValidFileHasNoProblems() {
    assertEquals(List.of(), problems("rules:\n"
        + "  - name: price\n"
        + "    method: " + SHOP + "#price(long)\n"
        + "  - name: label\n"
        + "    method: " + SHOP + "#label(java.lang.String, int)\n"
        + "    key: \"{0}:{1}\"\n", Shop.class, String.class));
  }

  @Test
  void aMethodTheLoadedClassDoesNotHave() {
    List<String> found = problems("rules:\n"
        + "  - name: price\n"
        + "    method: " + SHOP + "#prize(long)\n", Shop.class);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("rules.yaml:2:5: rule 'price': matches no method of "
        + SHOP), found.get(0));
    assertTrue(found.get(0).contains("price(long)"), "lists the methods there are: " + found);
  }

  @Test
  void aVoidMethodNamedExactlyIsReportedAtItsMethodLine() {
    List<String> found = problems("rules:\n"
        + "  - name: save\n"
        + "    ttl: 1m\n"
        + "    method: " + SHOP + "#save(long)\n", Shop.class);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("rules.yaml:4:13: rule 'save': " + SHOP
        + "#save(long) returns void"), found.get(0));
  }

  @Test
  void aKeyNamingAnArgumentTheMethodLacks() {
    List<String> found = problems("rules:\n"
        + "  - name: label\n"
        + "    method: " + SHOP + "#label(..)\n"
        + "    key: \"{0}:{2}\"\n", Shop.class);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).startsWith("rules.yaml:4:10: rule 'label': key \"{0}:{2}\" names"
        + " argument 2"), found.get(0));
  }

  @Test
  void aClassNotLoadedIsNotJudged() {
    assertEquals(List.of(), problems("rules:\n"
        + "  - name: price\n"
        + "    method: " + SHOP + "#prize(long)\n", String.class));
  }

  @Test
  void subtypeRulesAreCheckedOnLoadedImplementations() {
    assertEquals(List.of(), problems("rules:\n"
        + "  - name: find\n"
        + "    method: " + Catalog.class.getName() + "+#find(long)\n",
        Catalog.class, JdbcCatalog.class));
    List<String> found = problems("rules:\n"
        + "  - name: a\n"
        + "    method: " + JdbcCatalog.class.getName() + "#find(long)\n"
        + "  - name: b\n"
        + "    method: " + Catalog.class.getName() + "+#find(long)\n",
        Catalog.class, JdbcCatalog.class);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).contains("rule 'b'") && found.get(0).contains("already cached by"
        + " rule 'a'"), found.get(0));
  }
}
