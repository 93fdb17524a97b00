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
      refuseWriteRule(agent, bean, pid, rule);
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
      Object answer = null;
      if (agent.hasOperation(bean, "invalidate", STRING)) {
        answer = agent.invoke(bean, "invalidate", new Object[] {key}, new String[] {STRING});
      } else if (agent.hasOperation(RemoteAgent.AGENT, "invalidate", STRING, STRING)) {
        agent.invoke(RemoteAgent.AGENT, "invalidate", new Object[] {rule, key},
            new String[] {STRING, STRING});
      } else {
        throw CliException.failed("invalidate by key is not supported by the agent in that JVM"
            + " (its rule MBean has no invalidate(String) operation); 'invalidate " + pid + " "
            + rule + "' drops all of the rule's entries");
      }
      if (!(answer instanceof String)) { // an agent that does not say what happened
        out.println("rule " + rule + ": invalidated key " + key);
        return Main.OK;
      }
      out.println("rule " + rule + ": " + answer);
      // "nothing matched": nothing anywhere can have been invalidated (README: 1, failed)
      return ((String) answer).startsWith("nothing matched") ? Main.FAILED : Main.OK;
    }
  }

  /** A write rule caches nothing: naming it in an invalidation is a mistake, said as such. */
  private static void refuseWriteRule(RemoteAgent agent, ObjectName bean, long pid, String rule)
      throws CliException {
    if (!Boolean.TRUE.equals(agent.get(bean, "WriteRule"))) {
      return;
    }
    Object writes = agent.get(bean, "Writes");
    String does = writes instanceof String[] && ((String[]) writes).length > 0
        ? " (when its method runs it does: " + String.join("; ", (String[]) writes) + ")" : "";
    throw CliException.failed("rule " + rule + " is a write rule, it caches nothing" + does
        + "; invalidate the caching rule it writes to, e.g. 'invalidate " + pid + " RULE KEY'");
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
      Object result = agent.invoke(RemoteAgent.AGENT, "reload", new Object[0], new String[0]);
      // The agent's answer decides: "rejected …" then one line per problem, or "applied …".
      List<String> lines = lines(result);
      boolean rejected = Boolean.FALSE.equals(result) || (!lines.isEmpty()
          && lines.get(0).trim().toLowerCase(java.util.Locale.ROOT).startsWith("rejected"));
      Object file = agent.get(RemoteAgent.AGENT, "ConfigFile");
      out.println("reload of " + file + " in " + pid + ": " + (rejected ? "rejected" : "applied"));
      if (!lines.isEmpty()) {
        out.println("result: " + lines.get(0));
      }
      List<String> found = new java.util.ArrayList<>(lines.subList(Math.min(1, lines.size()),
          lines.size()));
      if (rejected && found.isEmpty() && file != null) {
        found.addAll(localProblems(file.toString())); // an agent that did not list them
      } else if (!rejected) {
        // an applied file starts the agent's problem list over: what is there now is new (a
        // class that loaded meanwhile and does not fit a rule)
        found.addAll(problems(agent));
      }
      for (String p : found) {
        out.println("problem " + p);
      }
      return rejected || !found.isEmpty() ? Main.FAILED : Main.OK;
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
