package io.methodcache.agent.cli;

import io.methodcache.agent.config.Problem;
import io.methodcache.agent.config.RulesConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** {@code attach PID RULES [--force] [--wait SECONDS]}. */
final class Attach {
  private Attach() {}

  /** Loads an agent jar into a JVM; tests substitute a fake. */
  interface Loader {
    void load(File agentJar, long pid, String argument) throws Exception;
  }

  /** Through the (relocated) byte-buddy-agent, which uses the Attach API of this JDK. */
  static final Loader BYTE_BUDDY = (jar, pid, argument) ->
      net.bytebuddy.agent.ByteBuddyAgent.attach(jar, Long.toString(pid), argument);

  static int run(List<String> tokens, PrintStream out, PrintStream err, Jvms.Connector connector,
      Loader loader, Path agentJar) throws CliException {
    Args args = Args.parse(tokens, Set.of("--force"), Set.of("--wait"), Map.of());
    if (args.help()) {
      out.print(Usage.ATTACH);
      return Main.OK;
    }
    args.expect(2, 2, args.count() < 1 ? "PID and RULES" : "RULES (the rules file)");
    long pid = Args.pid(args.positional(0));
    Path rules = Validate.readable(args.positional(1)).toAbsolutePath().normalize();
    long waitSeconds = args.value("--wait") == null ? 15 : Args.seconds("--wait", args.value("--wait"));
    Path jar = agentJar != null ? agentJar : ownJar();

    RulesConfig config = Validate.check(rules);
    if (!config.problems().isEmpty()) {
      for (Problem p : config.problems()) {
        err.println(p);
      }
      if (!args.flag("--force")) {
        throw CliException.failed(rules + " has " + config.problems().size() + " problem(s);"
            + " not attached (fix them, or add --force to attach anyway: invalid rules are"
            + " skipped)");
      }
    }

    try (Jvms.Session session = connector.connect(pid)) {
      RemoteAgent agent = new RemoteAgent(session.mbeans(), pid);
      if (agent.agentRegistered() || agent.startedWithAgent()) {
        Object file = agent.agentRegistered() ? agent.get(RemoteAgent.AGENT, "ConfigFile") : null;
        throw CliException.failed("the methodcache agent already runs in JVM " + pid
            + (file == null ? "" : " with " + file) + "; not attached again (use 'reload " + pid
            + "' to apply a changed rules file)");
      }
      try {
        loader.load(jar.toFile(), pid, rules.toString());
      } catch (Exception | LinkageError e) {
        throw loadFailure(pid, e);
      }
      out.println("attached to " + pid);
      if (waitSeconds == 0) {
        return Main.OK;
      }
      if (!agent.awaitAgent(Duration.ofSeconds(waitSeconds))) {
        throw CliException.failed("the agent was loaded into JVM " + pid + " but did not confirm"
            + " it runs within " + waitSeconds + " s (no MBean " + RemoteAgent.AGENT + "; see"
            + " that JVM's stderr: 'methodcache: ...' lines; or it runs with"
            + " -Dmethodcache.jmx=false)");
      }
      Object names = agent.get(RemoteAgent.AGENT, "RuleNames");
      out.println("agent running in " + pid + ": "
          + (names instanceof String[] ? ((String[]) names).length : 0) + " rule(s) from "
          + agent.get(RemoteAgent.AGENT, "ConfigFile"));
      Object problems = agent.get(RemoteAgent.AGENT, "Problems");
      int count = 0;
      if (problems instanceof String[]) {
        for (String p : (String[]) problems) {
          out.println("problem " + p);
          count++;
        }
      }
      return count == 0 ? Main.OK : Main.FAILED;
    }
  }

  private static CliException loadFailure(long pid, Throwable e) {
    String detail = e.toString();
    boolean unreachable = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String type = t.getClass().getName();
      if (type.endsWith("AttachNotSupportedException") || t instanceof IOException) {
        unreachable = true;
      }
      if (t.getMessage() != null && t.getCause() == null) {
        detail = t.getClass().getSimpleName() + ": " + t.getMessage();
      } else if (t.getCause() == null) {
        detail = t.toString();
      }
    }
    String message = "cannot load the agent into JVM " + pid + ": " + detail;
    return unreachable ? CliException.unreachable(message) : CliException.failed(message);
  }

  /** The jar this command runs from: it is also the agent. */
  static Path ownJar() throws CliException {
    CodeSource source = Main.class.getProtectionDomain().getCodeSource();
    Path path;
    try {
      path = source == null ? null : Path.of(source.getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      path = null;
    }
    if (path == null || !Files.isRegularFile(path)) {
      throw CliException.usage("attach runs from the agent jar (" + Usage.JAR + " attach ...);"
          + " this command runs from " + (path == null ? "an unknown location" : path));
    }
    try (JarFile jar = new JarFile(path.toFile())) {
      Manifest m = jar.getManifest();
      if (m == null || m.getMainAttributes().getValue("Agent-Class") == null) {
        throw CliException.usage(path + " has no Agent-Class in its manifest; run attach from"
            + " methodcache-agent.jar");
      }
    } catch (IOException e) {
      throw CliException.usage("cannot read " + path + ": " + e);
    }
    return path;
  }
}
