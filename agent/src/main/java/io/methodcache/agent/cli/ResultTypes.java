package io.methodcache.agent.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/**
 * What a matched method's declared result type means for caching, read from class files: whether
 * {@code copy-on-read} can copy it (the agent copies by Java serialization and caches nothing it
 * cannot copy), and whether it is a mutable holder that callers or frameworks write into (then
 * every caller shares the one cached instance). Unknown answers (a supertype missing from the
 * class path) never produce a message.
 */
final class ResultTypes {
  /** Holders a caller or framework is known to fill after the method returned. */
  private static final List<String[]> MUTABLE_HOLDERS = List.of(
      new String[] {"org.springframework.web.servlet.ModelAndView",
          "Spring MVC writes the model and view into it after the controller returns"},
      new String[] {"org.springframework.ui.Model",
          "Spring MVC adds attributes to it after the method returns"},
      new String[] {"java.util.Map", "callers commonly put into a returned map"},
      new String[] {"java.util.Collection", "callers commonly add to a returned collection"});

  private static final int MAX_SUPERTYPES = 256;

  private ResultTypes() {}

  /**
   * Why {@code copy-on-read} can never copy results of this declared type, or null when it can,
   * or might (an interface, an abstract class or Object may hold a Serializable value).
   */
  static String notCopyable(TypeDescription.Generic declared) {
    try {
      TypeDescription type = declared.asErasure();
      if (type.isPrimitive()) {
        return null;
      }
      if (type.isArray()) {
        return declared.getComponentType() == null ? null
            : notCopyable(declared.getComponentType());
      }
      if (supertypes(type).contains("java.util.concurrent.CompletionStage")
          || supertypes(type).contains("java.util.concurrent.Future")) {
        return type.getActualName() + " is a future, which copy-on-read cannot copy";
      }
      if (type.represents(java.util.Optional.class)) {
        // the agent stores an Optional by its content
        if (declared.getSort() == TypeDefinition.Sort.PARAMETERIZED
            && !declared.getTypeArguments().isEmpty()) {
          TypeDescription.Generic content = declared.getTypeArguments().get(0);
          TypeDefinition.Sort sort = content.getSort();
          return sort == TypeDefinition.Sort.NON_GENERIC || sort == TypeDefinition.Sort.PARAMETERIZED
              || sort == TypeDefinition.Sort.GENERIC_ARRAY ? notCopyable(content) : null;
        }
        return null;
      }
      if (type.isInterface() || type.isAbstract() || type.represents(Object.class)) {
        return null;
      }
      return supertypes(type).contains("java.io.Serializable") ? null
          : type.getActualName() + " is not Serializable";
    } catch (RuntimeException | LinkageError unknown) {
      return null; // a supertype is not on the class path: cannot tell
    }
  }

  /** {@code [holder, why]} when results of this type are a known mutable holder, else null. */
  static String[] mutableHolder(TypeDescription.Generic declared) {
    try {
      TypeDescription type = declared.asErasure();
      if (type.isPrimitive() || type.isArray()) {
        return null;
      }
      Set<String> all = supertypes(type);
      for (String[] holder : MUTABLE_HOLDERS) {
        if (all.contains(holder[0])) {
          return holder;
        }
      }
      return null;
    } catch (RuntimeException | LinkageError unknown) {
      return null;
    }
  }

  /**
   * The type itself and every supertype, by name. A supertype missing from the class path throws
   * (the lazy type pool cannot resolve it), which the callers take as "cannot tell".
   */
  private static Set<String> supertypes(TypeDescription type) {
    Set<String> seen = new HashSet<>();
    Deque<TypeDescription> todo = new ArrayDeque<>();
    todo.add(type);
    seen.add(type.getName());
    while (!todo.isEmpty() && seen.size() < MAX_SUPERTYPES) {
      TypeDescription t = todo.poll();
      TypeDescription.Generic superClass = t.getSuperClass();
      if (superClass != null) {
        add(superClass.asErasure(), seen, todo);
      }
      for (TypeDescription i : t.getInterfaces().asErasures()) {
        add(i, seen, todo);
      }
    }
    return seen;
  }

  private static void add(TypeDescription t, Set<String> seen, Deque<TypeDescription> todo) {
    if (seen.add(t.getName())) {
      todo.add(t);
    }
  }
}
