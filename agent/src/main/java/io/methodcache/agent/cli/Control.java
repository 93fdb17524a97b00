package io.methodcache.agent.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;

/** {@code toggle}, {@code invalidate} and {@code reload}: one JMX write each. */
final class Control {
  private Control() {}

  private static final String STRING = String.class.getName();

  static int toggle(List<String> tokens, PrintStream out, Jvms.Connector connector)
      throws CliException {
    Args args = Args.parse(tokens, Set.of("--all"), Set.of(), Map.of());
    if (args.help()) {
      out.print(Usage.TOGGLE);
      return Main.OK;
    }
    boolean all = args.flag("--all");
    if (all) {
      args.expect(2, 2, "PID and on|off");
    } else {
      args.expect(3, 3, args.count() < 2 ? "PID, RULE and on|off (or --all)" : "on|off");
    }
    long pid = Args.pid(args.positional(0));
    boolean on = Args.onOff(args.positional(all ? 1 : 2));
    try (Jvms.Session session = connector.connect(pid)) {
      RemoteAgent agent = new RemoteAgent(session.mbeans(), pid).requireAgent();
      ObjectName bean = all ? RemoteAgent.AGENT : agent.requireRule(args.positional(1));
      Object was = agent.get(bean, "Enabled");
      agent.set(bean, "Enabled", on);
      Object now = agent.get(bean, "Enabled");
      String what = all ? "agent" : "rule " + args.positional(1);
      out.println(what + ": " + onOff(now) + " (was " + onOff(was) + ")");
      if (!Boolean.valueOf(on).equals(now)) {
        throw CliException.failed(what + " is still " + onOff(now) + " after setting it "
            + onOff(on));
      }
      return Main.OK;
    }
  }

  private static String onOff(Object enabled) {
    return enabled == null ? "-" : Boolean.TRUE.equals(enabled) ? "on" : "off";
  }

  static int invalidate(List<String> tokens, PrintStream out, Jvms.Connector connector)
      throws CliException {
    Args args = Args.parse(tokens, Set.of(), Set.of("--tag"), Map.of());
    if (args.help()) {
      out.print(Usage.INVALIDATE);
      return Main.OK;
    }
    String tag = args.value("--tag");
    if (tag != null) {
      args.expect(2, 2, args.count() < 1 ? "PID and RULE" : "RULE (a KEY or a --tag, not both)");
    } else {
      args.expect(2, 3, args.count() < 1 ? "PID and RULE" : "RULE");
    }
    long pid = Args.pid(args.positional(0));
    String rule = args.positional(1);
    try (Jvms.Session session = connector.connect(pid)) {
      RemoteAgent agent = new RemoteAgent(session.mbeans(), pid).requireAgent();
      ObjectName bean = agent.requireRule(rule);
      if (tag != null) {
        if (!agent.hasOperation(bean, "invalidateTag", STRING)) {
          throw CliException.failed("the agent in that JVM cannot invalidate by tag (its rule"
              + " MBean has no invalidateTag(String) operation)");
        }
        agent.invoke(bean, "invalidateTag", new Object[] {tag}, new String[] {STRING});
        out.println("rule " + rule + ": invalidated tag " + tag);
        return Main.OK;
      }
      if (args.count() == 2) {
        agent.invoke(bean, "invalidateAll", new Object[0], new String[0]);
        out.println("rule " + rule + ": invalidated all entries");
        return Main.OK;
      }
      String key = args.positional(2);
      if (agent.hasOperation(bean, "invalidate", STRING)) {
        agent.invoke(bean, "invalidate", new Object[] {key}, new String[] {STRING});
      } else if (agent.hasOperation(RemoteAgent.AGENT, "invalidate", STRING, STRING)) {
        agent.invoke(RemoteAgent.AGENT, "invalidate", new Object[] {rule, key},
            new String[] {STRING, STRING});
      } else {
        throw CliException.failed("invalidate by key is not supported by the agent in that JVM"
            + " (its rule MBean has no invalidate(String) operation); 'invalidate " + pid + " "
            + rule + "' drops all of the rule's entries");
      }
      out.println("rule " + rule + ": invalidated key " + key);
      return Main.OK;
    }
  }

  static int reload(List<String> tokens, PrintStream out, Jvms.Connector connector)
      throws CliException {
    Args args = Args.parse(tokens, Set.of(), Set.of(), Map.of());
    if (args.help()) {
      out.print(Usage.RELOAD);
      return Main.OK;
    }
    args.expect(1, 1, "PID");
    long pid = Args.pid(args.positional(0));
    try (Jvms.Session session = connector.connect(pid)) {
      RemoteAgent agent = new RemoteAgent(session.mbeans(), pid).requireAgent();
      if (!agent.hasOperation(RemoteAgent.AGENT, "reload")) {
        throw CliException.failed("reload is not supported by the agent in that JVM (its"
            + " io.methodcache:type=Agent MBean has no reload() operation)");
      }
      List<String> before = problems(agent);
      Object result = agent.invoke(RemoteAgent.AGENT, "reload", new Object[0], new String[0]);
      List<String> added = new java.util.ArrayList<>(problems(agent));
      added.removeAll(before);
      List<String> lines = lines(result);
      boolean rejected = Boolean.FALSE.equals(result) || !added.isEmpty();
      for (String line : lines) {
        String l = line.toLowerCase(java.util.Locale.ROOT);
        rejected |= l.startsWith("rejected") || l.contains("running rules are kept");
      }
      Object file = agent.get(RemoteAgent.AGENT, "ConfigFile");
      out.println("reload of " + file + " in " + pid + ": " + (rejected ? "rejected" : "applied"));
      for (String line : lines) {
        out.println("result: " + line);
      }
      if (rejected && added.isEmpty() && file != null) {
        // the agent reports each problem once; a file rejected again shows none new
        added.addAll(localProblems(file.toString()));
      }
      for (String p : added) {
        out.println("problem " + p);
      }
      return rejected ? Main.FAILED : Main.OK;
    }
  }

  private static List<String> problems(RemoteAgent agent) throws CliException {
    Object p = agent.get(RemoteAgent.AGENT, "Problems");
    return p instanceof String[] ? List.of((String[]) p) : List.of();
  }

  /** The file's problems as this command sees it (same machine; the JVM's environment may differ). */
  private static List<String> localProblems(String file) {
    try {
      java.nio.file.Path path = java.nio.file.Path.of(file);
      if (!java.nio.file.Files.isReadable(path)) {
        return List.of();
      }
      List<String> out = new java.util.ArrayList<>();
      for (io.methodcache.agent.config.Problem p : Validate.check(path).problems()) {
        out.add(p.toString());
      }
      return out;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /** A reload() result as lines: nothing for void/null, each element of an array, else one. */
  static List<String> lines(Object result) {
    if (result == null) {
      return List.of();
    }
    if (result instanceof String[]) {
      return List.of((String[]) result);
    }
    if (result instanceof Object[]) {
      List<String> out = new java.util.ArrayList<>();
      for (Object o : (Object[]) result) {
        out.add(String.valueOf(o));
      }
      return out;
    }
    if (result instanceof javax.management.openmbean.CompositeData) {
      javax.management.openmbean.CompositeData c =
          (javax.management.openmbean.CompositeData) result;
      List<String> out = new java.util.ArrayList<>();
      for (String key : c.getCompositeType().keySet()) {
        out.add(key + "=" + c.get(key));
      }
      return out;
    }
    return List.of(String.valueOf(result).split("\n"));
  }
}
