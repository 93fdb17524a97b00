package io.methodcache.agent.instrument;

import io.methodcache.agent.Log;
import io.methodcache.agent.ProblemLog;
import io.methodcache.agent.engine.Engine;
import io.methodcache.agent.engine.RuleRuntime;
import io.methodcache.agent.engine.Site;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Rewrites one class: finds the methods its candidate rules match, checks them (a method must
 * return a value; a key template may only name arguments the method has), registers a site per
 * method and inlines the advice with the site id as a constant. No member is added, so the class
 * can be retransformed and hot-reloaded. Byte Buddy's machinery is loaded the first time a class
 * matches, not at start.
 */
final class Instrumenter {
  private static final ClassFileLocator ADVICE_LOCATOR =
      ClassFileLocator.ForClassLoader.of(CacheAdvice.class.getClassLoader());

  private final Engine engine;
  private final ProblemLog problems;
  /** Site ids by loader and method, so a retransformed class keeps its sites and caches. */
  private final Map<ClassLoader, Map<String, Integer>> siteIds = new WeakHashMap<>();
  private final Map<String, Integer> bootSiteIds = new HashMap<>();

  Instrumenter(Engine engine, ProblemLog problems) {
    this.engine = engine;
    this.problems = problems;
  }

  /** Returns the rewritten class file, or null when no method is to be cached. */
  byte[] instrument(ClassLoader loader, String className, byte[] classFile,
      List<RuleRuntime> candidates) {
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of(className, classFile),
        loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
            : ClassFileLocator.ForClassLoader.of(loader));
    TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
    TypeDescription type = pool.describe(className).resolve();

    List<Match> matches = match(type, candidates);
    if (matches.isEmpty()) {
      return null;
    }
    AsmVisitorWrapper.ForDeclaredMethods advice = new AsmVisitorWrapper.ForDeclaredMethods();
    for (Match m : matches) {
      int arity = m.method.getParameters().size();
      List<String> params = new ArrayList<>();
      for (TypeDefinition t : m.method.getParameters().asTypeList().asErasures()) {
        params.add(t.asErasure().getName());
      }
      int site = siteId(loader, m.rule, new Site.MethodInfo(m.description, arity,
          m.method.getReturnType().asErasure().getName(), loader, type.getName(),
          m.method.getName(), params));
      advice = advice.method(ElementMatchers.is(m.method), Advice.withCustomMapping()
          .bind(SiteId.class, site)
          .to(CacheAdvice.enterFor(arity), m.method.getReturnType().represents(void.class)
              ? CacheAdvice.ExitVoid.class : CacheAdvice.Exit.class, ADVICE_LOCATOR));
      Log.info("caching " + m.description + " (rule '" + m.rule.name() + "')");
    }
    return weave(type, classFile, pool, advice);
  }

  /**
   * Runs the advice over the class file with ASM directly. Byte Buddy's type-building pipeline
   * ({@code ByteBuddy#redefine}) would do the same here, but loads a few hundred classes more,
   * which every application pays at start when its first matching class loads.
   */
  private static byte[] weave(TypeDescription type, byte[] classFile, TypePool pool,
      AsmVisitorWrapper.ForDeclaredMethods advice) {
    int writerFlags = advice.mergeWriter(0);
    int readerFlags = advice.mergeReader(0);
    ClassReader reader = OpenedClassReader.of(classFile);
    ClassWriter writer = new ClassWriter(reader, writerFlags);
    Implementation.Context context = new Implementation.Context.Disabled(type,
        ClassFileVersion.ofClassFile(classFile),
        Implementation.Context.FrameGeneration.DISABLED) {};
    reader.accept(advice.wrap(type, writer, context, pool, type.getDeclaredFields(),
        type.getDeclaredMethods(), writerFlags, readerFlags), readerFlags);
    return writer.toByteArray();
  }

  private List<Match> match(TypeDescription type, List<RuleRuntime> candidates) {
    List<Match> out = new ArrayList<>();
    Map<MethodDescription, String> claimed = new HashMap<>();
    for (RuleRuntime rule : candidates) {
      if (rule.broken()) {
        continue;
      }
      MethodSelection selection = MethodSelection.of(rule.config(), type, claimed);
      selection.problems.forEach(problems::report);
      if (selection.broken) {
        engine.markBroken(rule);
        continue;
      }
      for (MethodSelection.Outcome o : selection.outcomes) {
        if (o.kind == MethodSelection.Kind.MATCH) {
          out.add(new Match(rule, o.method, o.description));
        }
      }
    }
    return out;
  }

  private synchronized int siteId(ClassLoader loader, RuleRuntime rule, Site.MethodInfo method) {
    Map<String, Integer> ids = loader == null ? bootSiteIds
        : siteIds.computeIfAbsent(loader, l -> new HashMap<>());
    String memo = rule.serial() + "|" + method.description();
    Integer id = ids.get(memo);
    if (id == null) {
      id = engine.addSite(rule, method);
      ids.put(memo, id);
    }
    return id;
  }

  static List<String> parameterNames(MethodDescription m) {
    List<String> names = new ArrayList<>(m.getParameters().size());
    for (TypeDefinition t : m.getParameters().asTypeList().asErasures()) {
      names.add(t.asErasure().getActualName());
    }
    return Collections.unmodifiableList(names);
  }

  static String describe(TypeDescription type, MethodDescription m) {
    return type.getName() + "#" + m.getName() + "(" + String.join(", ", parameterNames(m)) + ")";
  }

  private static final class Match {
    final RuleRuntime rule;
    final MethodDescription.InDefinedShape method;
    final String description;

    Match(RuleRuntime rule, MethodDescription.InDefinedShape method, String description) {
      this.rule = rule;
      this.method = method;
      this.description = description;
    }
  }
}
