package io.methodcache.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds a rules file line by line and remembers the line numbers of marked lines. */
final class RulesText {
  private final List<String> lines = new ArrayList<>();
  private final Map<String, Set<Integer>> marks = new HashMap<>();

  RulesText line(String text) {
    lines.add(text);
    return this;
  }

  /** Adds a line and records its number (1-based) under {@code mark}. */
  RulesText line(String text, String mark) {
    lines.add(text);
    marks.computeIfAbsent(mark, k -> new TreeSet<>()).add(lines.size());
    return this;
  }

  Set<Integer> lines(String mark) {
    Set<Integer> set = marks.get(mark);
    if (set == null) throw new IllegalArgumentException("no mark " + mark);
    return set;
  }

  String[] text() {
    return lines.toArray(new String[0]);
  }
}
