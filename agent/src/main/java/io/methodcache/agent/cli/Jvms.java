package io.methodcache.agent.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reaches another JVM on this machine: its local JMX connector through the Attach API (which
 * starts the connector if it is not running; it listens on the loopback interface only).
 */
final class Jvms {
  private Jvms() {}

  /** An open JMX connection to one JVM. */
  interface Session extends AutoCloseable {
    MBeanServerConnection mbeans();

    @Override
    void close();
  }

  /** Opens a {@link Session}; tests substitute an in-process MBeanServer. */
  interface Connector {
    Session connect(long pid) throws CliException;
  }

  /** Fails with exit status 3 when PID is not a live process, 2 when it is this process. */
  static void checkProcess(long pid) throws CliException {
    if (pid == ProcessHandle.current().pid()) {
      throw CliException.usage("PID " + pid + " is this command's own process");
    }
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      throw CliException.unreachable("no process " + pid + " (jps or jcmd lists Java processes)");
    }
    if (Boolean.FALSE.equals(catchesSigquit(pid))) {
      throw CliException.unreachable("process " + pid + " is not a Java virtual machine that"
          + " accepts attaching (it does not handle SIGQUIT, which the Attach API sends; or it"
          + " runs with -Xrs); jps or jcmd lists Java processes");
    }
  }

  /**
   * Whether the process handles SIGQUIT, from Linux's /proc (null when unknown). The Attach API
   * signals SIGQUIT to a JVM whose attach listener is not running yet; a process that does not
   * handle it (not a JVM, or a JVM with -Xrs) would be killed by it, so it is never attached.
   */
  static Boolean catchesSigquit(long pid) {
    java.nio.file.Path status = java.nio.file.Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : java.nio.file.Files.readAllLines(status)) {
        if (line.startsWith("SigCgt:")) {
          long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
          return (mask & (1L << (3 - 1))) != 0; // SIGQUIT = 3
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux, or not readable: let the Attach API decide
    }
    return null;
  }

  static Session connect(long pid) throws CliException {
    checkProcess(pid);
    String address;
    try {
      address = localConnectorAddress(pid);
    } catch (LinkageError e) {
      throw CliException.unreachable("this Java runtime has no Attach API (module jdk.attach);"
          + " run the command with a JDK's java: " + e);
    }
    try {
      JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
      MBeanServerConnection mbeans = connector.getMBeanServerConnection();
      return new Session() {
        @Override public MBeanServerConnection mbeans() { return mbeans; }

        @Override
        public void close() {
          try {
            connector.close();
          } catch (IOException ignored) {
            // the JVM may be gone
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      throw CliException.unreachable("cannot connect to the JMX agent of JVM " + pid + " at "
          + address + ": " + e);
    }
  }

  private static String localConnectorAddress(long pid) throws CliException {
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException e) {
      throw CliException.unreachable("cannot attach to JVM " + pid + ": " + e.getMessage()
          + " (is it a Java process of the same user, started without"
          + " -XX:+DisableAttachMechanism?)");
    } catch (IOException | RuntimeException e) {
      throw CliException.unreachable("cannot attach to JVM " + pid + ": " + e);
    }
    try {
      return vm.startLocalManagementAgent();
    } catch (IOException | RuntimeException e) {
      throw CliException.unreachable("cannot start the local JMX agent in JVM " + pid + ": " + e);
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // done with it
      }
    }
  }
}
