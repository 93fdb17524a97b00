package io.methodcache.agent.config;

import java.util.Collection;
import java.util.Locale;

/** Suggests the valid key nearest to a misspelt one ("tll" → "ttl", "maxEntries" → "max-entries"). */
final class KeyNames {
  private KeyNames() {}

  /** The closest candidate, or null when none is close enough to be a plausible typo. */
  static String nearest(String key, Collection<String> candidates) {
    String normal = normalise(key);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(normal, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = normal.length() <= 4 ? 1 : 2;
    return bestDistance <= allowed ? best : null;
  }

  /** "maxEntries", "MAX_ENTRIES" and "max_entries" all become "max-entries". */
  static String normalise(String key) {
    StringBuilder out = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
        out.append('-');
      }
      out.append(c == '_' || c == ' ' ? '-' : c);
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Optimal string alignment distance: edits, with a swap of neighbours counting as one. */
  static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 3 || a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE / 2; // far apart anyway; keeps a hostile key from costing much
    }
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
