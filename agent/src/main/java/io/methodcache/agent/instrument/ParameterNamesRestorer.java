package io.methodcache.agent.instrument;

import io.methodcache.agent.Log;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.MalformedParametersException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Puts the {@code MethodParameters} attributes (parameter names and their final, synthetic and
 * mandated flags) back into a class file the JVM rebuilt for a retransformation.
 *
 * <p>Before JDK 22 the JVM's class-file reconstitution leaves them out (JDK-8240908), so every
 * retransformed class (by {@code attach}, or by a reload adding or removing a rule) would lose
 * the names {@code Executable.getParameters()} returns: Spring MVC then fails to bind
 * {@code @RequestParam int page}. Every other attribute reflection reads (annotations of all
 * kinds, generic signatures, throws clauses, line numbers, inner classes, records, permitted
 * subclasses) survives reconstitution on JDK 17 and 25 alike; only this one is restored.
 *
 * <p>The names come from the loaded class by reflection, the authority on what the running
 * class has; the class file on the class path could be another version, or missing. A method
 * that already carries its own attribute is left as it is; methods needing nothing are copied
 * byte for byte.
 */
final class ParameterNamesRestorer extends ClassVisitor {
  /** JDK 22 and later keep the attribute on retransformation (JDK-8240908). */
  private static final boolean JVM_DROPS_THEM = Runtime.version().feature() < 22;

  /** Parameters with real data, by method name + descriptor. */
  private final Map<String, Param[]> parameters;

  private ParameterNamesRestorer(ClassVisitor next, Map<String, Param[]> parameters) {
    super(OpenedClassReader.ASM_API, next);
    this.parameters = parameters;
  }

  /**
   * The class file with the parameter data of {@code loaded} restored, or {@code classFile}
   * itself when nothing is missing. Never throws: a class whose methods reflection cannot list
   * keeps the file the JVM gave, and the reason is reported once.
   */
  static byte[] restore(Class<?> loaded, byte[] classFile) {
    if (!JVM_DROPS_THEM) {
      return classFile;
    }
    try {
      Map<String, Param[]> parameters = parametersOf(loaded);
      if (parameters.isEmpty()) {
        return classFile; // compiled without -parameters: nothing to lose
      }
      ClassReader reader = OpenedClassReader.of(classFile);
      ClassWriter writer = new ClassWriter(reader, 0);
      ParameterNamesRestorer restorer = new ParameterNamesRestorer(writer, parameters);
      reader.accept(restorer, 0);
      return writer.toByteArray();
    } catch (Throwable t) {
      Log.warnOnce("parameter-names|" + loaded.getName(), "could not restore the parameter names"
          + " of " + loaded.getName() + " after retransforming it (before JDK 22 the JVM drops"
          + " them, JDK-8240908); reflection now reports arg0, arg1...: " + t + "; fix: make every"
          + " type its methods use loadable, start the agent with -javaagent instead of attach,"
          + " or run on JDK 22 or later");
      return classFile;
    }
  }

  private static Map<String, Param[]> parametersOf(Class<?> c) {
    Map<String, Param[]> out = new HashMap<>();
    for (Method m : c.getDeclaredMethods()) {
      put(out, m.getName() + Type.getMethodDescriptor(m), m);
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      put(out, "<init>" + Type.getConstructorDescriptor(k), k);
    }
    return out;
  }

  private static void put(Map<String, Param[]> out, String key, Executable e) {
    if (e.getParameterCount() == 0) {
      return;
    }
    Parameter[] ps;
    try {
      ps = e.getParameters();
    } catch (MalformedParametersException unreadable) {
      return; // the attribute the class had was unusable; there is nothing sound to restore
    }
    // Without an attribute reflection synthesises parameters: no name, no modifiers.
    boolean real = false;
    for (Parameter p : ps) {
      real |= p.isNamePresent() || p.getModifiers() != 0;
    }
    if (!real) {
      return;
    }
    Param[] params = new Param[ps.length];
    for (int i = 0; i < ps.length; i++) {
      params[i] = new Param(ps[i].isNamePresent() ? ps[i].getName() : null, ps[i].getModifiers());
    }
    out.put(key, params);
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
    Param[] params = parameters.get(name + descriptor);
    // Unwrapped, ASM copies the method as it is.
    return params == null || next == null ? next : new Restoring(next, params);
  }

  /**
   * Emits the parameters before the first event that is not one, unless the method had its own:
   * {@code visitParameter} calls always come first.
   */
  private static final class Restoring extends MethodVisitor {
    private final Param[] params;
    private boolean done;

    Restoring(MethodVisitor next, Param[] params) {
      super(OpenedClassReader.ASM_API, next);
      this.params = params;
    }

    private void restore() {
      if (!done) {
        done = true;
        for (Param p : params) {
          super.visitParameter(p.name, p.access);
        }
      }
    }

    @Override
    public void visitParameter(String name, int access) {
      done = true; // the class file has the attribute: keep its own
      super.visitParameter(name, access);
    }

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
      restore();
      return super.visitAnnotationDefault();
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      restore();
      return super.visitAnnotation(descriptor, visible);
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath,
        String descriptor, boolean visible) {
      restore();
      return super.visitTypeAnnotation(typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
      restore();
      super.visitAnnotableParameterCount(parameterCount, visible);
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(int parameter, String descriptor,
        boolean visible) {
      restore();
      return super.visitParameterAnnotation(parameter, descriptor, visible);
    }

    @Override
    public void visitAttribute(Attribute attribute) {
      restore();
      super.visitAttribute(attribute);
    }

    @Override
    public void visitCode() {
      restore();
      super.visitCode();
    }

    @Override
    public void visitEnd() {
      restore();
      super.visitEnd();
    }
  }

  /** One entry of a MethodParameters attribute: a name (null: none) and its access flags. */
  private static final class Param {
    final String name;
    final int access;

    Param(String name, int access) {
      this.name = name;
      this.access = access;
    }
  }
}
