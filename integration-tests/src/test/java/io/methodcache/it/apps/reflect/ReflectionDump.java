package io.methodcache.it.apps.reflect;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything reflection tells about a class's declarations, one line each, in a stable order:
 * what a framework (Spring MVC's argument names, validation annotations, generic return types)
 * reads. Two runs of one class file print the same lines, whatever agent wove the class.
 */
public final class ReflectionDump {
  private ReflectionDump() {}

  public static List<String> of(Class<?> c) {
    List<String> out = new ArrayList<>();
    out.add("class " + c.toGenericString() + " " + annotations(c.getAnnotations()));
    out.add("extends " + c.getGenericSuperclass().getTypeName() + " implements "
        + Arrays.stream(c.getAnnotatedInterfaces()).map(ReflectionDump::type)
            .collect(Collectors.joining(", ")));
    Stream.of(c.getDeclaredFields()).sorted(Comparator.comparing(Field::getName))
        .forEach(f -> out.add("field " + f.toGenericString() + " "
            + annotations(f.getAnnotations()) + " type " + type(f.getAnnotatedType())));
    Stream.concat(Stream.of(c.getDeclaredConstructors()), Stream.of(c.getDeclaredMethods()))
        .sorted(Comparator.comparing(Executable::toGenericString))
        .forEach(e -> out.addAll(executable(e)));
    return out;
  }

  private static List<String> executable(Executable e) {
    List<String> out = new ArrayList<>();
    String at = e instanceof Constructor ? "constructor " : "method ";
    out.add(at + e.toGenericString() + " " + annotations(e.getAnnotations())
        + " synthetic=" + e.isSynthetic()
        + (e instanceof Method ? " bridge=" + ((Method) e).isBridge() : "")
        + " throws " + Arrays.toString(e.getGenericExceptionTypes()));
    if (e instanceof Method) {
      out.add("  returns " + type(e.getAnnotatedReturnType()));
    }
    for (Parameter p : e.getParameters()) {
      out.add("  parameter " + p + " named=" + p.isNamePresent() + " modifiers=" + p.getModifiers()
          + " synthetic=" + p.isSynthetic() + " implicit=" + p.isImplicit() + " "
          + annotations(p.getAnnotations()) + " type " + type(p.getAnnotatedType()));
    }
    return out;
  }

  private static String annotations(Annotation[] annotations) {
    return Arrays.toString(annotations);
  }

  /** A type with its type-use annotations, type arguments included. */
  private static String type(AnnotatedType t) {
    StringBuilder b = new StringBuilder();
    for (Annotation a : t.getAnnotations()) {
      b.append(a).append(' ');
    }
    if (t instanceof AnnotatedParameterizedType) {
      b.append(((ParameterizedType) t.getType()).getRawType().getTypeName()).append('<')
          .append(Arrays.stream(((AnnotatedParameterizedType) t).getAnnotatedActualTypeArguments())
              .map(ReflectionDump::type).collect(Collectors.joining(", ")))
          .append('>');
    } else {
      b.append(t.getType().getTypeName());
    }
    return b.toString();
  }
}
