package io.methodcache.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points ({@code -javaagent} and dynamic attach). Whatever happens, the
 * application starts: every failure is reported on one line and the agent stands aside. This
 * class refers to no bridge type, so the bridge can still be moved to the boot class path first.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static boolean started;

  private static synchronized void start(String args, Instrumentation inst) {
    if (started) {
      // A second -javaagent or attach would instrument every method twice.
      Log.warn("the agent is already running in this JVM; to change its rules edit the rules"
          + " file or call reload() (JMX, or: java -jar methodcache-agent.jar reload PID)");
      return;
    }
    started = true;
    try {
      BootBridge.installIfRequested(inst);
      Agent.start(args, inst);
    } catch (StrictModeExit e) {
      throw e;
    } catch (Throwable t) {
      Log.error("agent not started, the application runs uncached: " + t);
    }
  }
}
