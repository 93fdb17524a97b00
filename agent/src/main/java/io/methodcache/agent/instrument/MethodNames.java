package io.methodcache.agent.instrument;

import java.util.Set;
import java.util.TreeSet;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Lists a type's cacheable methods for a "matches nothing" message, so the fix is obvious. */
final class MethodNames {
  private static final int MAX = 12;

  private MethodNames() {}

  static String describe(TypeDescription type) {
    Set<String> names = new TreeSet<>();
    for (MethodDescription.InDefinedShape m : type.getDeclaredMethods()) {
      if (!m.isConstructor() && !m.isTypeInitializer() && !m.isSynthetic()) {
        names.add(m.getName() + "(" + String.join(", ", Instrumenter.parameterNames(m)) + ")");
      }
    }
    if (names.isEmpty()) {
      return "none";
    }
    String all = String.join(", ", names.size() > MAX
        ? new TreeSet<>(names).headSet(names.stream().skip(MAX).findFirst().get()) : names);
    return "[" + all + (names.size() > MAX ? ", …" : "") + "]";
  }
}
