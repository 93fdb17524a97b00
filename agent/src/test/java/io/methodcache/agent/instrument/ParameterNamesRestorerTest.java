package io.methodcache.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restorer on real javac output: a class compiled with {@code -parameters}, its file
 * stripped of {@code MethodParameters} as the JDK 17 JVM hands it over on retransformation, must
 * come back with exactly the original attributes (names and final/synthetic/mandated flags, for
 * methods, constructors, bridges and abstract methods), and still load and run.
 */
class ParameterNamesRestorerTest {
  private static final String SOURCE = String.join("\n",
      "package fixture;",
      "public abstract class Named implements Comparable<Named> {",
      "  public Named(String first, final int second) {}",
      "  public String join(String left, final String right) { return left + right; }",
      "  public abstract int size(java.util.List<String> items);",
      "  public int compareTo(Named other) { return 0; }",
      "  public int none() { return 0; }",
      "  public class Inner { public Inner(int x) {} }",
      "}");

  @TempDir
  static Path dir;
  static Path withNames;
  static Path withoutNames;

  @BeforeAll
  static void compile() throws IOException {
    withNames = compile("with", "-parameters");
    withoutNames = compile("without");
  }

  private static Path compile(String name, String... options) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path src = Files.createDirectories(dir.resolve(name + "-src/fixture"));
    Files.writeString(src.resolve("Named.java"), SOURCE);
    Path out = Files.createDirectories(dir.resolve(name + "-classes"));
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-d", out.toString(), src.resolve("Named.java").toString()));
    assertEquals(0, javac.run(null, null, null, args.toArray(new String[0])));
    return out;
  }

  @Test
  void restoresWhatTheJvmDroppedForMethodsConstructorsBridgesAndMandatedParameters()
      throws Exception {
    assumeJvmDropsThem();
    for (String name : List.of("fixture.Named", "fixture.Named$Inner")) {
      byte[] original = read(withNames, name);
      List<String> expected = parameters(original);
      // the fixture has what the test is about: a final parameter, a mandated one, a bridge
      List<String> marks = name.endsWith("Inner")
          ? List.of("<init>(Lfixture/Named;I)V this$0 32784") // final mandated
          : List.of("join(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String; right 16",
              "compareTo(Ljava/lang/Object;)I other 4096"); // the synthetic bridge
      assertTrue(expected.containsAll(marks), expected.toString());
      byte[] dropped = stripParameters(original);
      assertEquals(List.of(), parameters(dropped));

      byte[] restored = ParameterNamesRestorer.restore(load(withNames, name), dropped);
      assertEquals(expected, parameters(restored), name);
      assertEquals(expected, parameters(ParameterNamesRestorer.restore(load(withNames, name),
          original)), "a class file with its own attribute gets no second one");
    }
  }

  @Test
  void theRestoredClassLoadsAndRuns() throws Exception {
    assumeJvmDropsThem();
    byte[] restored = ParameterNamesRestorer.restore(load(withNames, "fixture.Named"),
        stripParameters(read(withNames, "fixture.Named")));
    Class<?> c = new ClassLoader(null) {
      Class<?> define() {
        return defineClass("fixture.Named", restored, 0, restored.length);
      }
    }.define();
    Method join = c.getMethod("join", String.class, String.class);
    assertEquals("left", join.getParameters()[0].getName());
    assertEquals("right", join.getParameters()[1].getName());
    assertNotEquals(0, join.getParameters()[1].getModifiers());
  }

  @Test
  void aClassCompiledWithoutNamesIsLeftAsItIs() throws Exception {
    byte[] original = read(withoutNames, "fixture.Named");
    assertSame(original, ParameterNamesRestorer.restore(load(withoutNames, "fixture.Named"),
        original));
  }

  @Test
  void fromJdk22TheJvmKeepsThemAndNothingIsDone() throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the JVM drops them before 22");
    byte[] dropped = stripParameters(read(withNames, "fixture.Named"));
    assertSame(dropped, ParameterNamesRestorer.restore(load(withNames, "fixture.Named"),
        dropped));
  }

  private static void assumeJvmDropsThem() {
    Assumptions.assumeTrue(Runtime.version().feature() < 22,
        "JDK 22+ keeps MethodParameters on retransformation (JDK-8240908)");
  }

  private static byte[] read(Path classes, String name) {
    try {
      return Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Class<?> load(Path classes, String name) throws Exception {
    URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null);
    return Class.forName(name, false, loader);
  }

  /** "name(descriptor) paramName access" for each MethodParameters entry, in file order. */
  private static List<String> parameters(byte[] classFile) {
    List<String> out = new ArrayList<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          @Override
          public void visitParameter(String parameter, int flags) {
            out.add(name + descriptor + " " + parameter + " " + flags);
          }
        };
      }
    }, 0);
    return out;
  }

  /** What the JDK 17 JVM's class-file reconstitution does: the same file without the attribute. */
  private static byte[] stripParameters(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor,
          String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9,
            super.visitMethod(access, name, descriptor, signature, exceptions)) {
          @Override
          public void visitParameter(String parameter, int flags) {}
        };
      }
    }, 0);
    return writer.toByteArray();
  }
}
