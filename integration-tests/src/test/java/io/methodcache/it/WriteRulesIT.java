package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.write.WriteApp;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Write rules: {@code evict} by key (an int property evicting a long-keyed entry: keys match as
 * text) and all, applied only after a normal return; {@code put} drops the key so the next read
 * loads the written value; a void write method is instrumented too.
 */
class WriteRulesIT {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void writesEvictExactlyWhatTheyChange(Jdk jdk) {
    String product = "io.methodcache.it.apps.write.WriteApp$Product";
    String repo = "io.methodcache.it.apps.write.WriteApp$Repo";
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
        "    evict: { rule: product-by-id, all: true }");
    ForkResult r = ForkedJvm.on(jdk).agent(rules).classpath(ItEnv.testClasses())
        .main(WriteApp.class).run();
    assertEquals(0, r.exitCode(), r::toString);
    assertEquals("one,two,2", r.result("start"));
    assertEquals("one,two,2", r.result("cached"), "reads are cached");
    assertEquals("uno,two,3", r.result("afterSave"), "save evicted key 1 only");
    assertEquals("uno,dos,4", r.result("afterPut"), "update's put made key 2 read the new value");
    assertEquals("uno,dos,4", r.result("afterFailedSave"), "a write that threw evicts nothing");
    assertEquals("ghost*,dos*,6", r.result("afterClear"), "clear evicted every key");
    assertTrue(r.stderr().isEmpty(), r::toString);
  }
}
