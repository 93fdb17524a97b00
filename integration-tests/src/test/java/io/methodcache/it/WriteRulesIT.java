package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.write.WriteApp;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write rules: {@code evict} by key (an int property evicting a long-keyed entry: keys match as
 * text) and all, applied only after a normal return; {@code put} caches the write method's result
 * (write-through); {@code evict} by tag drops exactly the entries carrying it; a void write method
 * is instrumented too; {@code copy-on-read} hands every caller its own copy.
 */
class WriteRulesIT {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void writesEvictExactlyWhatTheyChange(Jdk jdk) {
    String product = "io.methodcache.it.apps.write.WriteApp$Product";
    String repo = "io.methodcache.it.apps.write.WriteApp$Repo";
    String pages = "io.methodcache.it.apps.write.WriteApp$Pages";
    Path rules = Checks.rules("write-rules", jdk,
        "rules:",
        "  - name: product-by-id",
        "    method: " + repo + "#findById(long)",
        "  - name: product-save",
        "    method: " + repo + "#save(" + product + ")",
        "    evict: { rule: product-by-id, key: \"{0.id}\" }",
        "  - name: product-update",
        "    method: " + repo + "#update(" + product + ")",
        "    put: { rule: product-by-id, key: \"{0.id}\" }",
        "  - name: product-failing-save",
        "    method: " + repo + "#failingSave(" + product + ")",
        "    evict: { rule: product-by-id, key: \"{0.id}\" }",
        "  - name: catalog-clear",
        "    method: " + repo + "#clear()",
        "    evict: [ { rule: product-by-id, all: true }, { tag: catalog } ]",
        "  - name: page",
        "    method: " + pages + "#render(long)",
        "    tags: [\"product:{0}\", catalog]",
        "  - name: product-rename",
        "    method: " + repo + "#rename(" + product + ")",
        "    evict: { tag: \"product:{0.id}\" }",
        "  - name: names",
        "    method: " + repo + "#names()",
        "    copy-on-read: true");
    ForkResult r = ForkedJvm.on(jdk).agent(rules).classpath(ItEnv.testClasses())
        .main(WriteApp.class).run();
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("one,two,2", r.result("start"));
    assertEquals("one,two,2", r.result("cached"), "reads are cached");
    assertEquals("uno,two,3", r.result("afterSave"), "save evicted key 1 only");
    assertEquals("uno,dos,3", r.result("afterPut"), "update's put cached key 2's new value");
    assertEquals("uno,dos,3", r.result("afterFailedSave"), "a write that threw evicts nothing");
    assertEquals("ghost*,dos*,5", r.result("afterClear"), "clear evicted every key");
    assertEquals("<h1>ghost*</h1>,<h1>dos*</h1>,2", r.result("pages"));
    assertEquals("<h1>ghost*</h1>,<h1>dos*</h1>,2", r.result("pagesCached"));
    assertEquals("<h1>eins</h1>,<h1>dos*</h1>,3", r.result("afterRename"),
        "the tag product:1 dropped page 1 only");
    assertEquals("<h1>eins*</h1>,<h1>dos**</h1>,5", r.result("afterClearPages"),
        "the tag catalog dropped every page");
    assertEquals("[eins*, dos**],true,6", r.result("copies"),
        "one load; a caller's change to its list is not seen by the next, who gets its own");
    assertTrue(r.stderr().isEmpty(), r::toString);
  }
}
