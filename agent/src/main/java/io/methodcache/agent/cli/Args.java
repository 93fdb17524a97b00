package io.methodcache.agent.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positionals and options. {@code --name value}, {@code --name=value} and
 * flags; {@code --} ends the options. A token starting with {@code -} that names no option of the
 * command is an error when it starts with {@code --}, else a positional (so a key such as
 * {@code -5} needs no escaping).
 */
final class Args {
  private final List<String> positionals;
  private final Map<String, String> values;
  private final Set<String> flags;

  private Args(List<String> positionals, Map<String, String> values, Set<String> flags) {
    this.positionals = positionals;
    this.values = values;
    this.flags = flags;
  }

  /**
   * @param tokens the arguments after the command name
   * @param flagNames options without a value, e.g. {@code --force}
   * @param valueNames options with a value, e.g. {@code --rule}
   * @param aliases short spellings, e.g. {@code -cp} for {@code --classpath}
   */
  static Args parse(List<String> tokens, Set<String> flagNames, Set<String> valueNames,
      Map<String, String> aliases) throws CliException {
    List<String> positionals = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new HashSet<>();
    boolean options = true;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      if (!options || !token.startsWith("-") || token.equals("-")) {
        positionals.add(token);
        continue;
      }
      if (token.equals("--")) {
        options = false;
        continue;
      }
      String name = token;
      String value = null;
      int eq = token.indexOf('=');
      if (token.startsWith("--") && eq > 2) {
        name = token.substring(0, eq);
        value = token.substring(eq + 1);
      }
      name = aliases.getOrDefault(name, name);
      if (name.equals("-h")) {
        name = "--help";
      }
      if (name.equals("--help") || flagNames.contains(name)) {
        if (value != null) {
          throw CliException.usage(name + " takes no value");
        }
        flags.add(name);
      } else if (valueNames.contains(name)) {
        if (value == null) {
          if (i + 1 >= tokens.size()) {
            throw CliException.usage(name + " needs a value");
          }
          value = tokens.get(++i);
        }
        if (values.put(name, value) != null) {
          throw CliException.usage(name + " given twice");
        }
      } else if (token.startsWith("--")) {
        throw CliException.usage("unknown option " + name);
      } else {
        positionals.add(token);
      }
    }
    return new Args(Collections.unmodifiableList(positionals), values, flags);
  }

  List<String> positionals() { return positionals; }

  String positional(int i) { return positionals.get(i); }

  int count() { return positionals.size(); }

  boolean flag(String name) { return flags.contains(name); }

  boolean help() { return flags.contains("--help"); }

  /** The option's value, or null. */
  String value(String name) { return values.get(name); }

  /** Fails with a usage error unless there are between {@code min} and {@code max} positionals. */
  Args expect(int min, int max, String what) throws CliException {
    if (positionals.size() < min) {
      throw CliException.usage("missing " + what);
    }
    if (positionals.size() > max) {
      throw CliException.usage("unexpected argument '" + positionals.get(max) + "'");
    }
    return this;
  }

  /** A process id: a positive whole number. */
  static long pid(String text) throws CliException {
    try {
      long pid = Long.parseLong(text);
      if (pid > 0) {
        return pid;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw CliException.usage("PID must be a process id (a positive number), not '" + text + "'");
  }

  /** {@code on}/{@code off} (also true/false, enable/disable). */
  static boolean onOff(String text) throws CliException {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "on": case "true": case "enable": case "enabled":
        return true;
      case "off": case "false": case "disable": case "disabled":
        return false;
      default:
        throw CliException.usage("expected on or off, not '" + text + "'");
    }
  }

  /** A non-negative number of seconds. */
  static long seconds(String name, String text) throws CliException {
    try {
      long s = Long.parseLong(text);
      if (s >= 0) {
        return s;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw CliException.usage(name + " expects a number of seconds, not '" + text + "'");
  }
}
