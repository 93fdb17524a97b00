package io.methodcache.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.agent.cli.ValidateTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} on what the agent never weaves or cannot cache as written: JDK types outside
 * {@code java.} (with and without a class path), generated proxy classes that ship in a jar (as
 * Spring AOT writes them), {@code copy-on-read} on results that cannot be copied, and mutable
 * holders returned without it.
 */
class ValidateNeverWovenTest {
  @TempDir
  static Path tmp;

  static Path classes;

  private static final Map<String, String> SOURCES = Map.ofEntries(
      Map.entry("shop/Secured.java", "package shop; public class Secured {"
          + " public String data(long id) { return \"secret-\" + id; } }"),
      // the name and marker interface a Spring CGLIB proxy class has (Spring AOT writes such
      // classes into the application jar)
      Map.entry("org/springframework/aop/SpringProxy.java",
          "package org.springframework.aop; public interface SpringProxy {}"),
      Map.entry("shop/Secured$$SpringCGLIB$$0.java", "package shop;"
          + " public class Secured$$SpringCGLIB$$0 extends Secured"
          + " implements org.springframework.aop.SpringProxy {"
          + " public String data(long id) { return super.data(id); } }"),
      Map.entry("shop/Page.java", "package shop; public class Page {"
          + " public java.util.List<String> lines = new java.util.ArrayList<>(); }"),
      Map.entry("shop/Dto.java", "package shop; public class Dto implements java.io.Serializable {}"),
      Map.entry("shop/Pages.java", "package shop; public class Pages {"
          + " public Page page(long id) { return new Page(); }"
          + " public java.util.Optional<Page> maybe(long id) { return java.util.Optional.empty(); }"
          + " public Dto dto(long id) { return new Dto(); }"
          + " public java.util.List<String> lines(long id) { return new java.util.ArrayList<>(); }"
          + " public java.util.HashMap<String, String> attrs(long id) { return new java.util.HashMap<>(); }"
          + " public CharSequence text(long id) { return \"\"; }"
          + " public String name(long id) { return \"\"; } }"));

  @BeforeAll
  static void compile() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    List<String> files = new ArrayList<>();
    for (Map.Entry<String, String> e : SOURCES.entrySet()) {
      Path f = src.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
      files.add(f.toString());
    }
    classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = new ArrayList<>(List.of("--release", "11", "-d", classes.toString()));
    options.addAll(files);
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    assertEquals(0, javac.run(null, diagnostics, diagnostics, options.toArray(new String[0])),
        diagnostics.toString());
    // the marker interface came from Spring, which is not on this class path
    Files.delete(classes.resolve("org/springframework/aop/SpringProxy.class"));
  }

  private static Path rules(String name, String... lines) throws IOException {
    return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
  }

  private static Run validate(Path rules) {
    return ValidateTest.main("validate", rules.toString(), "--classpath", classes.toString());
  }

  private static List<String> lines(List<String> all, String part) {
    return all.stream().filter(l -> l.contains(part)).collect(Collectors.toList());
  }

  @Test
  void jdkTypesOutsideJavaAreProblemsWithAndWithoutAClassPath() throws IOException {
    Path rules = rules("jdk.yaml",
        "rules:",
        "  - name: names",
        "    method: javax.management.ObjectName#compareTo(javax.management.ObjectName)",
        "  - name: composite",
        "    method: javax.naming.CompositeName#get(int)",
        "  - name: dom",
        "    method: org.w3c.dom.Document#getDocumentElement",
        "  - name: ok",
        "    method: shop.Pages#name");
    for (Run r : List.of(ValidateTest.main("validate", rules.toString()), validate(rules))) {
      assertEquals(1, r.status, r.toString());
      assertEquals(3, r.err.size(), r.toString());
      assertTrue(r.err.get(0).startsWith(rules + ":2:5: rule 'names': javax.management.ObjectName"
          + " is a JDK class (module java.management), which methodcache never instruments"),
          r.toString());
      assertTrue(r.err.get(1).contains("rule 'composite': javax.naming.CompositeName is a JDK"
          + " class (module java.naming)"), r.toString());
      assertTrue(r.err.get(2).contains("rule 'dom': org.w3c.dom.Document is a JDK class"
          + " (module java.xml)"), r.toString());
      assertTrue(r.err.stream().allMatch(l -> l.contains("fix: cache the application method"
          + " that calls it (rule skipped)")), r.toString());
      assertTrue(r.out.contains("1 valid rule(s), 3 problem(s) in " + rules), r.toString());
    }
  }

  @Test
  void generatedProxyClassesAreShownAndNeverMatched() throws IOException {
    Path rules = rules("proxy.yaml",
        "rules:",
        "  - name: secured",
        "    method: shop.Secured+#data(long)");
    Run r = validate(rules);
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of(
        "match secured shop.Secured#data(long) -> java.lang.String",
        "generated secured shop.Secured$$SpringCGLIB$$0 -- Spring CGLIB intercepting proxy:"
            + " never woven; shop.Secured behind it is cached, after its interceptors"),
        lines(r.out, " secured "), r.toString());
    assertTrue(r.out.contains(
        "5 class(es) on the class path, 1 method(s) matched, 0 rule(s) match nothing"),
        r.toString());
  }

  @Test
  void aRuleOnlyProxiesMatchSaysSo() throws IOException {
    Path rules = rules("only-proxy.yaml",
        "rules:",
        "  - name: proxies",
        "    method: shop.*$$SpringCGLIB$$*#data(long)");
    Run r = validate(rules);
    assertEquals(1, r.status, r.toString());
    assertEquals(List.of("nothing proxies -- only generated proxy classes match the type"
        + " shop.*$$SpringCGLIB$$* (see the lines above), and they are never woven"),
        lines(r.out, "nothing "), r.toString());
  }

  @Test
  void copyOnReadOnResultsThatCannotBeCopied() throws IOException {
    Path rules = rules("copy.yaml",
        "rules:",
        "  - name: pages",
        "    method: shop.Pages#*",
        "    copy-on-read: true");
    Run r = validate(rules);
    assertEquals(1, r.status, r.toString());
    assertEquals(1, r.err.size(), r.toString());
    String problem = r.err.get(0);
    assertTrue(problem.startsWith(rules + ":2:5: rule 'pages': copy-on-read copies each result by"
        + " Java serialization, but "), problem);
    assertTrue(problem.contains("shop.Pages#page(long) (shop.Page is not Serializable)"), problem);
    assertTrue(problem.contains("shop.Pages#maybe(long) (shop.Page is not Serializable)"), problem);
    assertTrue(problem.contains("fix: make the result type implement java.io.Serializable, or"
        + " remove copy-on-read"), problem);
    // Serializable results, JDK collections, strings and interfaces are fine
    for (String fine : List.of("#dto(", "#lines(", "#attrs(", "#text(", "#name(")) {
      assertTrue(!problem.contains(fine), fine + " flagged: " + problem);
    }
    assertTrue(r.out.contains("1 valid rule(s), 1 problem(s) in " + rules), r.toString());
  }

  @Test
  void mutableHoldersWithoutCopyOnReadAreWarnings() throws IOException {
    Path rules = rules("holders.yaml",
        "rules:",
        "  - name: lines",
        "    method: shop.Pages#lines",
        "  - name: attrs",
        "    method: shop.Pages#attrs",
        "  - name: copied",
        "    method: shop.Pages#dto",
        "    copy-on-read: true",
        "  - name: plain",
        "    method: shop.Pages#name");
    Run r = validate(rules);
    assertEquals(0, r.status, "warnings do not fail validate\n" + r);
    assertEquals(2, r.err.size(), r.toString());
    assertTrue(r.err.get(0).startsWith(rules + ":2:5: rule 'lines': warning: shop.Pages#lines(long)"
        + " -> java.util.List returns a mutable holder (java.util.List is a java.util.Collection:"
        + " callers commonly add to a returned collection)"), r.toString());
    assertTrue(r.err.get(0).endsWith("fix: add 'copy-on-read: true' (each caller gets its own"
        + " copy), or return an unmodifiable copy"), r.toString());
    assertTrue(r.err.get(1).startsWith(rules + ":4:5: rule 'attrs': warning: shop.Pages#attrs(long)"
        + " -> java.util.HashMap returns a mutable holder (java.util.HashMap is a java.util.Map"),
        r.toString());
  }
}
