package io.methodcache.agent.instrument;

import io.methodcache.agent.Log;
import io.methodcache.agent.ProblemLog;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.Faults;
import io.methodcache.agent.engine.RuleRuntime;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain transformer that decides from a class's name (and, for {@code Type+} rules, its
 * supertypes' names) whether any rule can apply, so the ~1,000 classes a JVM loads at start cost
 * a string check each; Byte Buddy runs only for the few that match. A failure here leaves the
 * class exactly as it was. Never woven, whatever the rules say: the agent's own classes, the
 * JDK's ({@link JdkClasses}: by loader and module, not only by name), and classes generated as
 * proxies or enhancers ({@link GeneratedClasses}: weaving those would answer before their
 * interceptors run).
 */
public final class MethodCacheTransformer implements ClassFileTransformer {
  /** Never woven: the JDK's own packages (the cheap first check, see {@link JdkClasses}). */
  private static final String[] JDK = {"java/", "jdk/", "sun/", "com/sun/"};
  /** Never woven: the agent, what it shades, and the facade it serves. */
  private static final String[] AGENT = {
      "io/methodcache/agent/", "io/methodcache/shaded/", "io/methodcache/api/"};

  private volatile RuleIndex index;
  private final Engine engine;
  private final ProblemLog problems;
  /** Created on the first matching class: Byte Buddy is not even loaded before that. */
  private volatile Instrumenter instrumenter;
  private final BridgeCheck bridge = new BridgeCheck();
  private final SupertypeResolver supertypes = new SupertypeResolver();

  public MethodCacheTransformer(Engine engine, ProblemLog problems) {
    this.index = new RuleIndex(engine.rules().values());
    this.engine = engine;
    this.problems = problems;
  }

  private Instrumenter instrumenter() {
    Instrumenter i = instrumenter;
    if (i == null) {
      synchronized (this) {
        if (instrumenter == null) {
          instrumenter = new Instrumenter(engine, problems);
        }
        i = instrumenter;
      }
    }
    return i;
  }

  /** Adds this transformer and rewrites the matching classes that are already loaded. */
  public void install(Instrumentation inst) {
    this.inst = inst;
    inst.addTransformer(this, true);
    retransformLoaded(inst, index);
  }

  /**
   * After a reload: matches by the new rules from now on, and retransforms the loaded classes
   * that a rule added or removed concerns (a removed rule's classes get their original code back;
   * retransformation always starts from the original class file).
   */
  public void update(Engine.Changes changes) {
    RuleIndex after = new RuleIndex(engine.rules().values());
    index = after;
    if (!changes.needsRetransform() || inst == null) {
      return;
    }
    java.util.Set<RuleRuntime> touched = new java.util.HashSet<>(changes.added);
    touched.addAll(changes.removed);
    RuleIndex concerned = new RuleIndex(touched);
    retransformLoaded(inst, concerned);
  }

  private volatile Instrumentation inst;
  /** The classes this transformer is asking the JVM to retransform, while it does. */
  private final Set<Class<?>> retransforming = ConcurrentHashMap.newKeySet();

  /**
   * On a retransformation the JVM passes a class file it rebuilt from the loaded class, which
   * before JDK 22 lacks the parameter names; the JVM installs that file even when no transformer
   * changes it. So the names are put back into every class this agent weaves, and into every
   * class it retransforms without weaving (a removed rule's class, getting its original code).
   */
  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName,
      Class<?> redefined, ProtectionDomain domain, byte[] classFile) {
    byte[] out = weave(module, loader, internalName, classFile);
    if (redefined == null || (out == null && !retransforming.contains(redefined))) {
      return out;
    }
    byte[] from = out != null ? out : classFile;
    byte[] restored = ParameterNamesRestorer.restore(redefined, from);
    return restored == classFile ? null : restored;
  }

  /**
   * The problems {@code rules} would meet in the classes loaded now (the checks the instrumenter
   * makes when it rewrites a class), without changing anything: a reload applies a file only
   * when there are none. Empty before {@link #install}.
   */
  public List<io.methodcache.agent.config.Problem> checkLoaded(
      List<io.methodcache.agent.config.RuleConfig> rules) {
    Instrumentation i = inst;
    return i == null ? List.of() : new LoadedClassCheck(i, bridge).problems(rules);
  }

  /** Without a module (a caller before JDK 9's overload): decided by the loader alone. */
  @Override
  public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined,
      ProtectionDomain domain, byte[] classFile) {
    return transform(redefined == null ? null : redefined.getModule(), loader, internalName,
        redefined, domain, classFile);
  }

  /**
   * Weaves a class some rule matches, unless it is the agent's own, the JDK's (by its loader or
   * module), or generated as a proxy or enhancer (by its header), which is said once per rule.
   * Null: the class stays as it is.
   */
  private byte[] weave(Module module, ClassLoader loader, String internalName, byte[] classFile) {
    if (internalName == null || agentClass(internalName)) {
      return null;
    }
    // A JDK proxy of an application interface lives in a jdk.proxyN module (JDK 16+) or in
    // com.sun.proxy: look at it before the JDK checks would pass over it without a word.
    boolean maybeJdkProxy = GeneratedClasses.looksLikeJdkProxy(internalName);
    boolean jdk = jdkName(internalName) || JdkClasses.isJdk(module, loader);
    if (jdk && !maybeJdkProxy) {
      return null;
    }
    try {
      String name = internalName.replace('/', '.');
      List<RuleRuntime> candidates =
          index.candidates(name, () -> supertypes.all(loader, name, classFile));
      if (candidates.isEmpty()) {
        return null;
      }
      String[] header = ClassHeader.supertypes(classFile);
      if (generated(name, header.length == 0 ? null : header[0],
          header.length == 0 ? List.of() : Arrays.asList(header).subList(1, header.length),
          candidates) || jdk || !bridge.visibleFrom(loader, name)) {
        return null;
      }
      return instrumenter().instrument(loader, name, classFile, candidates);
    } catch (Throwable t) {
      Faults.record();
      Log.warnOnce("transform|" + internalName, "could not instrument " + internalName
          + "; it runs uncached: " + t);
      return null;
    }
  }

  /** A generated class is never woven; the rules whose type it matched are told why, once. */
  private static boolean generated(String name, String superName, List<String> interfaces,
      List<RuleRuntime> candidates) {
    GeneratedClasses.Verdict verdict = GeneratedClasses.classify(name, superName, interfaces);
    if (verdict == null) {
      return false;
    }
    GeneratedClassNotice.skipped(name, superName, interfaces, verdict, candidates);
    return true;
  }

  /**
   * Why a rule's type can never be instrumented, or null: the agent's own classes, and JDK
   * classes (those the runtime image provides, whatever their package: javax.management,
   * org.w3c.dom…). The JDK is shared by the whole JVM (and by the agent itself), and many of its
   * classes are loaded before any agent.
   */
  public static String refusal(io.methodcache.agent.config.MethodPattern pattern) {
    String exactTypeName = pattern.exactTypeName();
    // Type+ names a supertype: a JDK interface's application implementations are fine.
    if (exactTypeName == null || pattern.subtypes()) {
      return null;
    }
    String internalName = exactTypeName.replace('.', '/');
    if (agentClass(internalName)) {
      return exactTypeName + " is one of methodcache's own classes, which it never instruments;"
          + " fix: point 'method:' at an application class";
    }
    String module = JdkClasses.moduleProviding(exactTypeName);
    if (module == null && !jdkName(internalName)) {
      return null;
    }
    return exactTypeName + " is " + (module == null ? "in a package of the JDK"
        : "a JDK class (module " + module + ")") + ", which methodcache never instruments:"
        + " the JDK is shared by the whole JVM and by the agent itself; fix: cache the"
        + " application method that calls it";
  }

  /** JDK (by name prefix) and agent classes (dotted name) are never instrumented. */
  public static boolean neverInstrumented(String className) {
    String internalName = className.replace('.', '/');
    return agentClass(internalName) || jdkName(internalName);
  }

  /**
   * A loaded class this transformer never weaves, whatever the rules: the agent's, the JDK's (by
   * name, loader or module), or one generated as a proxy, enhancer or lambda. For checks that
   * must see the classes as the transformer does (a reload's dry run).
   */
  static boolean neverWoven(Class<?> c) {
    String internalName = c.getName().replace('.', '/');
    return agentClass(internalName) || jdkName(internalName) || JdkClasses.isJdk(c)
        || GeneratedClasses.classify(c.getName(), superName(c), interfaceNames(c)) != null;
  }

  private static boolean agentClass(String internalName) {
    return startsWithAny(internalName, AGENT);
  }

  /** The cheap first check; the loader or module decides the rest (javax., org.w3c.…). */
  private static boolean jdkName(String internalName) {
    return startsWithAny(internalName, JDK);
  }

  private static boolean startsWithAny(String internalName, String[] prefixes) {
    for (String prefix : prefixes) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** The loaded classes {@code which} matches are retransformed in one batch. */
  private void retransformLoaded(Instrumentation inst, RuleIndex which) {
    if (which.isEmpty()) {
      return;
    }
    List<Class<?>> batch = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.isArray() || c.isPrimitive() || !inst.isModifiableClass(c)) {
        continue;
      }
      String internalName = c.getName().replace('.', '/');
      boolean maybeJdkProxy = GeneratedClasses.looksLikeJdkProxy(internalName);
      boolean jdk = jdkName(internalName) || JdkClasses.isJdk(c);
      if (agentClass(internalName) || (jdk && !maybeJdkProxy)) {
        continue;
      }
      try {
        List<RuleRuntime> candidates = which.candidates(c.getName(), () -> supertypesOf(c));
        if (candidates.isEmpty() || generated(c.getName(), superName(c), interfaceNames(c),
            candidates) || jdk) {
          continue;
        }
        batch.add(c);
      } catch (Throwable t) {
        // a class whose hierarchy cannot be read (missing optional dependency): not ours
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    retransforming.addAll(batch);
    try {
      retransform(inst, batch);
    } finally {
      retransforming.removeAll(batch);
    }
  }

  private static void retransform(Instrumentation inst, List<Class<?>> batch) {
    try {
      inst.retransformClasses(batch.toArray(new Class<?>[0]));
    } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
      for (Class<?> c : batch) { // one bad class must not keep the others uncached
        try {
          inst.retransformClasses(c);
        } catch (Throwable t) {
          Log.warnOnce("retransform|" + c.getName(), "could not retransform " + c.getName()
              + "; it runs uncached: " + t);
        }
      }
    }
  }

  private static String superName(Class<?> c) {
    return c.getSuperclass() == null ? null : c.getSuperclass().getName();
  }

  private static List<String> interfaceNames(Class<?> c) {
    List<String> out = new ArrayList<>();
    for (Class<?> i : c.getInterfaces()) {
      out.add(i.getName());
    }
    return out;
  }

  private static Set<String> supertypesOf(Class<?> c) {
    Set<String> out = new HashSet<>();
    List<Class<?>> todo = new ArrayList<>();
    todo.add(c);
    while (!todo.isEmpty()) {
      Class<?> t = todo.remove(todo.size() - 1);
      if (t.getSuperclass() != null && out.add(t.getSuperclass().getName())) {
        todo.add(t.getSuperclass());
      }
      for (Class<?> i : t.getInterfaces()) {
        if (out.add(i.getName())) {
          todo.add(i);
        }
      }
    }
    return out;
  }
}
