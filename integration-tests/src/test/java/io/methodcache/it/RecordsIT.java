package io.methodcache.it;

import static io.methodcache.it.Checks.eq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records (JDK 16+) as arguments: a key template reads record components ({@code customer()} is no
 * getter), and a record without a template is a key by its value. The module compiles for Java 11,
 * so this app is compiled here with {@code --release 17} and runs on JDK 17 and later.
 */
class RecordsIT {
  private static final String PKG = "io.methodcache.it.records";

  static Path compiled;

  static synchronized Path compile() {
    if (compiled != null) return compiled;
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Assumptions.assumeTrue(javac != null && Runtime.version().feature() >= 17,
        "compiling records needs a JDK 17+ running the tests");
    Path dir = ItEnv.workDir("records-src");
    Path src = dir.resolve("src");
    Path out = dir.resolve("classes");
    List<String> files = new ArrayList<>();
    files.add(write(src, "Customer", "public record Customer(long id, String name) {}"));
    files.add(write(src, "Order", "public record Order(Customer customer, String note) {}"));
    files.add(write(src, "Orders", String.join("\n",
        "public class Orders {",
        "  public static int summaries, totals;",
        "  public String summary(Order order) {",
        "    summaries++;",
        "    return order.customer().name() + '#' + order.customer().id();",
        "  }",
        "  public String total(Customer customer) {",
        "    totals++;",
        "    return \"total-\" + customer.id();",
        "  }",
        "}")));
    files.add(write(src, "RecordApp", String.join("\n",
        "public class RecordApp {",
        "  public static void main(String[] args) {",
        "    Orders o = new Orders();",
        "    StringBuilder v = new StringBuilder();",
        "    v.append(o.summary(new Order(new Customer(7, \"ann\"), \"first\"))).append(',');",
        "    v.append(o.summary(new Order(new Customer(7, \"ann\"), \"second\"))).append(',');",
        "    v.append(o.summary(new Order(new Customer(8, \"bob\"), \"first\")));",
        "    System.out.println(\"RESULT summary.values=\" + v);",
        "    System.out.println(\"RESULT summary.bodies=\" + Orders.summaries);",
        "    String a = o.total(new Customer(1, \"x\"));",
        "    String b = o.total(new Customer(1, \"x\"));",
        "    String c = o.total(new Customer(2, \"x\"));",
        "    System.out.println(\"RESULT total.values=\" + a + ',' + b + ',' + c);",
        "    System.out.println(\"RESULT total.bodies=\" + Orders.totals);",
        "  }",
        "}")));
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", out.toString()));
    args.addAll(files);
    int status = javac.run(null, null, null, args.toArray(new String[0]));
    if (status != 0) throw new AssertionError("javac failed for the records app");
    compiled = out;
    return out;
  }

  static String write(Path src, String type, String body) {
    try {
      Path file = src.resolve(type + ".java");
      Files.createDirectories(src);
      Files.writeString(file, "package " + PKG + ";\n" + body + "\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void recordComponentsInKeyTemplatesAndRecordsAsKeys(Jdk jdk) {
    jdk.assumePresent();
    Assumptions.assumeTrue(jdk.feature() >= 17, () -> jdk + " cannot run records");
    Path classes = compile();
    ForkResult r = ForkedJvm.on(jdk)
        .agent(Checks.rules("records", jdk,
            "rules:",
            "  - name: summary",
            "    method: " + PKG + ".Orders#summary(..)",
            "    key: \"{0.customer.id}\"",
            "  - name: total",
            "    method: " + PKG + ".Orders#total(..)"))
        .classpath(classes)
        .main(PKG + ".RecordApp")
        .run();
    r.assertExitedNormally();
    Checks.silentStderr(r);
    eq(r, "summary.values", "ann#7,ann#7,bob#8");
    eq(r, "summary.bodies", "2");
    eq(r, "total.values", "total-1,total-1,total-2");
    eq(r, "total.bodies", "2");
  }
}
