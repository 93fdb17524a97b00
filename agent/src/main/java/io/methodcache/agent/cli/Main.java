package io.methodcache.agent.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar methodcache-agent.jar COMMAND ...}: checks a rules file, attaches the agent to
 * a running JVM, and reads or switches a running agent over local JMX. See {@link Usage#MAIN}.
 * Facts go to stdout one per line; errors to stderr as {@code error: ...}.
 */
public final class Main {
  /** Done; nothing wrong found. */
  static final int OK = 0;
  /** The command found problems, or the operation failed. */
  static final int FAILED = 1;
  /** Wrong usage. */
  static final int USAGE = 2;
  /** Cannot reach the JVM, or no methodcache agent runs in it. */
  static final int UNREACHABLE = 3;

  private Main() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    System.out.flush();
    System.err.flush();
    System.exit(status); // JMX client threads must not keep the command alive
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, Jvms::connect, Attach.BYTE_BUDDY, null);
  }

  /**
   * @param agentJar the jar to attach, or null: the jar this class was loaded from
   */
  static int run(String[] args, PrintStream out, PrintStream err, Jvms.Connector connector,
      Attach.Loader loader, Path agentJar) {
    if (args.length == 0) {
      err.print(Usage.MAIN);
      return USAGE;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (command) {
        case "validate":
          return Validate.run(rest, out, err);
        case "attach":
          return Attach.run(rest, out, err, connector, loader, agentJar);
        case "stats":
          return Stats.run(rest, out, connector);
        case "toggle":
          return Control.toggle(rest, out, connector);
        case "invalidate":
          return Control.invalidate(rest, out, connector);
        case "reload":
          return Control.reload(rest, out, connector);
        case "help": case "--help": case "-h":
          return help(rest, out, err);
        default:
          throw CliException.usage("unknown command '" + command + "'");
      }
    } catch (CliException e) {
      err.println("error: " + e.getMessage());
      if (e.status() == USAGE) {
        err.println(Usage.synopsis(command));
        err.println("(" + Usage.JAR + (Usage.of(command) == null ? "" : " " + command)
            + " --help for more)");
      }
      return e.status();
    } catch (RuntimeException | LinkageError e) {
      err.println("error: internal failure: " + e);
      return FAILED;
    }
  }

  private static int help(List<String> rest, PrintStream out, PrintStream err) {
    if (rest.isEmpty()) {
      out.print(Usage.MAIN);
      return OK;
    }
    String text = Usage.of(rest.get(0));
    if (text == null || rest.size() > 1) {
      err.println("error: no command '" + String.join(" ", rest) + "'");
      err.print(Usage.MAIN);
      return USAGE;
    }
    out.print(text);
    return OK;
  }
}
