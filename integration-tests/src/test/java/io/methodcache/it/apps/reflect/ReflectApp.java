package io.methodcache.it.apps.reflect;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads {@link Catalog} at once (so an agent attached or a rule added later retransforms it)
 * but reads nothing of it by reflection until asked, as a web framework reads a controller's
 * parameter names at its first request. Prints "READY", then answers each stdin line with one
 * {@code > } line: {@code find} -> {@code > SKUS RUNS} (RUNS: times find's body ran so far);
 * {@code reflect FILE} -> writes {@link ReflectionDump} of Catalog and the stack frame of a
 * throwing cached method to FILE, {@code > N lines}.
 */
public final class ReflectApp {
  public static void main(String[] args) throws Exception {
    Catalog catalog = new Catalog("eu", 3);
    System.out.println("READY");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String raw; (raw = in.readLine()) != null; ) {
      String line = raw.trim();
      if (line.equals("find")) {
        List<String> skus = catalog.find(Map.of("a", 1, "b", 0, "c", 5), 5);
        System.out.println("> " + skus + " " + Catalog.finds());
      } else if (line.startsWith("reflect ")) {
        List<String> lines = new ArrayList<>(ReflectionDump.of(Catalog.class));
        lines.add("throws at " + throwingFrame(catalog));
        Files.write(Path.of(line.substring(8)), lines, StandardCharsets.UTF_8);
        System.out.println("> " + lines.size() + " lines");
      } else if (line.equals("exit")) {
        break;
      } else if (!line.isEmpty()) {
        System.out.println("> unknown command: " + line);
      }
      System.out.flush();
    }
  }

  /** Where {@code check} says it threw: class, method, file and line. */
  private static String throwingFrame(Catalog catalog) {
    try {
      catalog.check(-1);
      return "nothing thrown";
    } catch (IllegalArgumentException e) {
      return String.valueOf(e.getStackTrace()[0]);
    }
  }
}
