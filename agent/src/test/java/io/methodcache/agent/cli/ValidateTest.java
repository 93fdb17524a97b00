package io.methodcache.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate --classpath}: tiny classes compiled at test time, matched without being loaded
 * (one has a static initialiser that throws, one needs a class that is not on the class path).
 */
class ValidateTest {
  @TempDir
  static Path tmp;

  static Path classes;
  static Path jar;
  static Path bootJar;

  private static final Map<String, String> SOURCES = Map.ofEntries(
      Map.entry("lib/Missing.java", "package lib; public class Missing {}"),
      Map.entry("lib/MissingBase.java", "package lib; public class MissingBase {}"),
      Map.entry("shop/Repo.java", "package shop; public interface Repo {"
          + " String find(long id); default String describe() { return \"repo\"; } }"),
      Map.entry("shop/Base.java", "package shop; public abstract class Base implements Repo {"
          + " public abstract String name(); public String base(int x) { return \"\" + x; } }"),
      Map.entry("shop/JdbcRepo.java", "package shop; public class JdbcRepo extends Base {"
          + " static { if (Boolean.TRUE) throw new IllegalStateException(\"initialised!\"); }"
          + " public String find(long id) { return \"p\" + id; }"
          + " public String name() { return \"jdbc\"; }"
          + " public void log(String s) {} }"),
      Map.entry("shop/Overloads.java", "package shop; public class Overloads {"
          + " public Overloads() {}"
          + " public String pick(int a) { return \"\"; }"
          + " public String pick(String s) { return s; }"
          + " public String pick(int a, int b) { return \"\"; }"
          + " public byte[] raw(byte[] in, java.util.List<String> l) { return in; }"
          + " public void clear() {} }"),
      Map.entry("shop/Box.java", "package shop; public class Box<T> implements Comparable<Box<T>> {"
          + " public int compareTo(Box<T> o) { return 0; } }"),
      Map.entry("shop/NeedsLib.java", "package shop; public class NeedsLib {"
          + " public lib.Missing make(lib.Missing m) { return m; }"
          + " public String ok(long x) { return \"\"; } }"),
      Map.entry("shop/NeedsLibSuper.java", "package shop; public class NeedsLibSuper"
          + " extends lib.MissingBase implements Repo { public String find(long id) { return \"\"; } }"),
      Map.entry("shop/Outer.java", "package shop; public class Outer {"
          + " public static class Inner { public String get(int i) { return \"\"; } } }"));

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
    int status = javac.run(null, diagnostics, diagnostics, options.toArray(new String[0]));
    assertEquals(0, status, diagnostics.toString());
    // the application's dependency is not on the class path that validate gets
    Files.delete(classes.resolve("lib/Missing.class"));
    Files.delete(classes.resolve("lib/MissingBase.class"));
    jar = jar(tmp.resolve("jars/app.jar"), "");
    bootJar = jar(tmp.resolve("boot/app-boot.jar"), "BOOT-INF/classes/");
  }

  private static Path jar(Path target, String prefix) throws IOException {
    Files.createDirectories(target.getParent());
    try (OutputStream os = Files.newOutputStream(target);
        JarOutputStream out = new JarOutputStream(os);
        Stream<Path> walk = Files.walk(classes)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        out.putNextEntry(new ZipEntry(prefix + classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
    }
    return target;
  }

  /** Exit status, stdout and stderr of one command. */
  static final class Run {
    final int status;
    final List<String> out;
    final List<String> err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
      this.err = err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
    }

    @Override
    public String toString() {
      return "status " + status + "\n-- stdout\n" + String.join("\n", out) + "\n-- stderr\n"
          + String.join("\n", err);
    }
  }

  static Run main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static Path rules(String name, String... lines) throws IOException {
    return Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
  }

  private static Run validate(Path rules, Object classPath) {
    return main("validate", rules.toString(), "--classpath", classPath.toString());
  }

  private static List<String> lines(Run r, String prefix) {
    return r.out.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
  }

  @Test
  void listsTheMethodsEachRuleMatches() throws IOException {
    Path rules = rules("ok.yaml",
        "rules:",
        "  - name: pick",
        "    method: shop.Overloads#pick",
        "  - name: pick-two",
        "    method: shop.Overloads#pick(int, int)",
        "  - name: raw",
        "    method: shop.Overloads#raw(byte[], java.util.List)",
        "  - name: inner",
        "    method: shop.Outer$Inner#get(int)",
        "  - name: box",
        "    method: shop.Box#compareTo",
        "  - name: needs-lib",
        "    method: shop.NeedsLib#*");
    Run r = validate(rules, classes);
    assertEquals(List.of(
        "match pick shop.Overloads#pick(int) -> java.lang.String",
        "match pick shop.Overloads#pick(java.lang.String) -> java.lang.String",
        "match pick shop.Overloads#pick(int,int) -> java.lang.String",
        "taken pick-two shop.Overloads#pick(int,int) -> java.lang.String -- already matched by rule 'pick'",
        "match raw shop.Overloads#raw(byte[],java.util.List) -> byte[]",
        "match inner shop.Outer$Inner#get(int) -> java.lang.String",
        "match box shop.Box#compareTo(shop.Box) -> int",
        "match needs-lib shop.NeedsLib#make(lib.Missing) -> lib.Missing",
        "match needs-lib shop.NeedsLib#ok(long) -> java.lang.String",
        "nothing pick-two -- no matched method can be cached (see the lines above)",
        "6 valid rule(s), 1 problem(s) in " + rules,
        "9 class(es) on the class path, 8 method(s) matched, 1 rule(s) match nothing"),
        sorted(r.out), r.toString());
    assertEquals(1, r.status, r.toString());
    // pick(int, int) went to the first rule; the second one, left with nothing to cache, gets
    // the one problem that says why (not "matches no method": it does match one), exactly as the
    // agent decides when the class loads (both use MethodSelection)
    assertEquals(List.of(rules + ":4:5: rule 'pick-two': shop.Overloads#pick(int, int) is already"
        + " cached by rule 'pick'; this rule skips it; fix: make the two 'method:' patterns"
        + " disjoint"), r.err, r.toString());
  }

  /** The report lists rule by rule; within a rule in class order (compare ignoring that). */
  private static List<String> sorted(List<String> lines) {
    List<String> findings = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String l : lines) {
      (l.startsWith("match ") || l.startsWith("taken ") ? findings : rest).add(l);
    }
    List<String> order = List.of("pick ", "pick-two ", "raw ", "inner ", "box ", "needs-lib ");
    findings.sort((a, b) -> {
      int ra = rank(a, order);
      int rb = rank(b, order);
      return ra != rb ? Integer.compare(ra, rb) : 0;
    });
    List<String> out = new ArrayList<>(findings);
    out.addAll(rest);
    return out;
  }

  private static int rank(String line, List<String> order) {
    String rule = line.split(" ")[1] + " ";
    return order.indexOf(rule);
  }

  @Test
  void allClean() throws IOException {
    Path rules = rules("clean.yaml",
        "rules:",
        "  - name: pick",
        "    method: shop.Overloads#pick(java.lang.String)",
        "  - name: find",
        "    method: shop.JdbcRepo#find");
    Run r = validate(rules, classes);
    assertEquals(0, r.status, r.toString());
    assertEquals(List.of(), r.err, r.toString());
    assertEquals(List.of(
        "match pick shop.Overloads#pick(java.lang.String) -> java.lang.String",
        "match find shop.JdbcRepo#find(long) -> java.lang.String",
        "2 valid rule(s), 0 problem(s) in " + rules,
        "9 class(es) on the class path, 2 method(s) matched, 0 rule(s) match nothing"), r.out);
  }

  @Test
  void voidAbstractAndSubtypes() throws IOException {
    Path rules = rules("kinds.yaml",
        "rules:",
        "  - name: all-overloads",
        "    method: shop.Overloads#*",
        "  - name: interface-only",
        "    method: shop.Repo#find",
        "  - name: implementations",
        "    method: shop.Repo+#find",
        "  - name: logger",
        "    method: shop.JdbcRepo#log");
    Run r = validate(rules, classes);
    assertEquals(1, r.status, r.toString());
    assertTrue(r.out.contains("void all-overloads shop.Overloads#clear() -> void -- not cacheable,"
        + " skipped"), r.toString());
    assertEquals(4, lines(r, "match all-overloads ").size(), r.toString()); // no constructor
    assertEquals(List.of("abstract interface-only shop.Repo#find(long) -> java.lang.String --"
        + " no body: not cached; 'shop.Repo+' would cache its overrides"),
        lines(r, "abstract interface-only"), r.toString());
    assertTrue(r.out.contains("nothing interface-only -- no matched method can be cached (see"
        + " the lines above)"), r.toString());
    // Type+: the implementations, also through an abstract class, and one whose other
    // supertype is missing from the class path
    assertEquals(List.of(
        "match implementations shop.JdbcRepo#find(long) -> java.lang.String",
        "match implementations shop.NeedsLibSuper#find(long) -> java.lang.String"),
        lines(r, "match implementations"), r.toString());
    assertTrue(r.out.contains("abstract implementations shop.Repo#find(long) -> java.lang.String"
        + " -- no body: not cached; its overrides in subtypes are matched"), r.toString());
    // an exactly named void method: the agent refuses the whole rule, at its method: line
    assertTrue(r.err.contains(rules + ":9:13: rule 'logger': shop.JdbcRepo#log(java.lang.String)"
        + " returns void: there is nothing to cache; fix: point 'method:' at a method that"
        + " returns a value (rule skipped)"), r.toString());
    assertTrue(r.out.contains("nothing logger -- the agent skips this rule: it has a problem (on"
        + " stderr)"), r.toString());
    assertFalse(r.err.stream().anyMatch(l -> l.startsWith("unreadable")), r.toString());
  }

  @Test
  void keyArgumentsAndMissingTypes() throws IOException {
    Path rules = rules("keys.yaml",
        "rules:",
        "  - name: second-arg",
        "    method: shop.Overloads#pick",
        "    key: \"{1}\"",
        "  - name: typo",
        "    method: shop.Overlods#pick",
        "  - name: no-such-method",
        "    method: shop.Overloads#pik",
        "  - name: wildcard-type",
        "    method: shop.*Repo#find");
    Run r = validate(rules, classes);
    assertEquals(1, r.status, r.toString());
    assertTrue(r.err.stream().anyMatch(l -> l.startsWith(rules + ":4:") && l.contains("rule"
        + " 'second-arg': key \"{1}\" names argument 1 but shop.Overloads#pick(int) has 1"
        + " argument(s)")), r.toString());
    assertTrue(r.out.contains("nothing typo -- no class on the class path matches the type"
        + " shop.Overlods"), r.toString());
    assertTrue(r.err.stream().anyMatch(l -> l.startsWith(rules + ":7:5: rule 'no-such-method':"
        + " matches no method of shop.Overloads; its methods are [clear(), pick(int)")),
        r.toString());
    assertEquals(List.of("match wildcard-type shop.JdbcRepo#find(long) -> java.lang.String"),
        lines(r, "match wildcard-type"), r.toString());
    assertTrue(r.out.contains("abstract wildcard-type shop.Repo#find(long) -> java.lang.String"
        + " -- no body: not cached; 'shop.*Repo+' would cache its overrides"), r.toString());
  }

  @Test
  void jarsBootJarsAndDirectoryWildcards() throws IOException {
    Path rules = rules("jar.yaml",
        "rules:",
        "  - name: find",
        "    method: shop.JdbcRepo#find");
    for (Object cp : List.of(jar, bootJar, jar.getParent() + "/*",
        tmp.resolve("nothing-here") + ":" + jar)) {
      if (cp.toString().contains("nothing-here")) {
        Run r = validate(rules, cp);
        assertEquals(Main.USAGE, r.status, r.toString());
        assertTrue(r.err.get(0).startsWith("error: class path entry " + tmp.resolve("nothing-here")
            + " does not exist"), r.toString());
        continue;
      }
      Run r = validate(rules, cp);
      assertEquals(0, r.status, cp + "\n" + r);
      assertEquals("match find shop.JdbcRepo#find(long) -> java.lang.String", r.out.get(0));
    }
  }

  @Test
  void withoutAClassPath() throws IOException {
    Path rules = rules("plain.yaml",
        "rules:",
        "  - name: find",
        "    method: shop.JdbcRepo#find",
        "  - name: jdk",
        "    method: java.util.HashMap#get",
        "  - name: bad",
        "    method: shop.JdbcRepo.find");
    Run r = main("validate", rules.toString());
    assertEquals(1, r.status, r.toString());
    assertEquals(List.of("ok find shop.JdbcRepo#find", "1 valid rule(s), 2 problem(s) in " + rules),
        r.out);
    assertEquals(2, r.err.size(), r.toString());
    assertTrue(r.err.get(0).startsWith(rules + ":4:5: rule 'jdk': java.util.HashMap is a JDK class"
        + " (module java.base), which methodcache never instruments"), r.toString());
    assertTrue(r.err.get(1).startsWith(rules + ":7:13: rule 'bad': 'method': expected"
        + " Type#method(params)"), r.toString());
  }

  @Test
  void usageErrors() {
    Run r = main("validate");
    assertEquals(Main.USAGE, r.status);
    assertEquals("error: missing RULES (the rules file)", r.err.get(0));
    assertEquals("usage: java -jar methodcache-agent.jar validate RULES [--classpath CP]", r.err.get(1));
    r = main("validate", tmp.resolve("absent.yaml").toString());
    assertEquals(Main.USAGE, r.status);
    assertTrue(r.err.get(0).startsWith("error: cannot read the rules file"), r.toString());
    r = main("validate", "--help");
    assertEquals(0, r.status);
    assertTrue(r.out.get(0).startsWith("usage: java -jar methodcache-agent.jar validate"));
  }
}
