package io.methodcache.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.methodcache.it.apps.InteractiveApp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads and writes the agent's MBeans from the test over a JMX connection (loopback only) while the
 * forked app is driven over stdin: each step is a call whose answer carries the body count.
 */
class JmxIT {
  private static final Duration STEP = Duration.ofSeconds(20);

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.methodcache.it.Jdks#jdks")
  void readStatisticsAndToggleRulesOverJmx(Jdk jdk) throws Exception {
    Path rules = Checks.rules("jmx", jdk,
        "rules:",
        "  - name: stock",
        "    method: io.methodcache.it.target.Inventory#stock(java.lang.String)",
        "  - name: reserve",
        "    method: io.methodcache.it.target.Inventory#reserve(java.lang.String)",
        "    enabled: false");
    int port = freePort();
    ForkedJvm fork = ForkedJvm.on(jdk)
        .agent(rules)
        .jvmArgs(
            "-Dcom.sun.management.jmxremote.port=" + port,
            "-Dcom.sun.management.jmxremote.rmi.port=" + port,
            "-Dcom.sun.management.jmxremote.authenticate=false",
            "-Dcom.sun.management.jmxremote.ssl=false",
            "-Dcom.sun.management.jmxremote.host=127.0.0.1",
            "-Djava.rmi.server.hostname=127.0.0.1")
        .classpath(ItEnv.testClasses())
        .main(InteractiveApp.class);
    try (ForkedJvm.Running app = fork.start()) {
      app.awaitLine("READY"::equals, STEP);
      JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
      try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
        MBeanServerConnection jmx = connector.getMBeanServerConnection();
        ObjectName agent = new ObjectName("io.methodcache:type=Agent");
        ObjectName rule = new ObjectName("io.methodcache:type=Rule,name=stock");
        awaitRegistered(jmx, agent);
        awaitRegistered(jmx, rule);

        assertArrayEquals(new String[] {"stock", "reserve"}, (String[]) jmx.getAttribute(agent, "RuleNames"));
        assertTrue(String.valueOf(jmx.getAttribute(agent, "ConfigFile")).endsWith("rules.yaml"),
            () -> "ConfigFile " + attr(jmx, agent, "ConfigFile"));
        assertEquals(0, ((String[]) jmx.getAttribute(agent, "Problems")).length,
            () -> "Problems " + Arrays.toString((String[]) attr(jmx, agent, "Problems")));
        assertEquals(true, jmx.getAttribute(agent, "Enabled"));
        assertEquals(true, jmx.getAttribute(rule, "Enabled"));

        // a miss, then a hit
        assertEquals("stock-a 1", app.ask("call a", STEP));
        assertEquals("stock-a 1", app.ask("call a", STEP));
        assertEquals(1L, jmx.getAttribute(rule, "Hits"));
        assertEquals(1L, jmx.getAttribute(rule, "Misses"));
        assertEquals(1L, jmx.getAttribute(rule, "Loads"));
        assertEquals(1L, jmx.getAttribute(rule, "Size"));
        assertEquals(0.5, (Double) jmx.getAttribute(rule, "HitRatio"), 1e-9);
        assertTrue((Double) jmx.getAttribute(rule, "LoadTimeMeanMillis") >= 0);

        // the rule switched off: every call runs the body
        jmx.setAttribute(rule, new Attribute("Enabled", false));
        assertEquals(false, jmx.getAttribute(rule, "Enabled"));
        assertEquals("stock-a 2", app.ask("call a", STEP));
        assertEquals("stock-a 3", app.ask("call a", STEP));

        // back on: hits again (the first call may reload)
        jmx.setAttribute(rule, new Attribute("Enabled", true));
        String first = app.ask("call a", STEP);
        assertEquals(first, app.ask("call a", STEP), "a hit after the rule was switched back on");
        int bodies = bodies(first);

        // the whole agent switched off, then on
        jmx.setAttribute(agent, new Attribute("Enabled", false));
        assertEquals(false, jmx.getAttribute(agent, "Enabled"));
        assertEquals("stock-a " + (bodies + 1), app.ask("call a", STEP));
        assertEquals("stock-a " + (bodies + 2), app.ask("call a", STEP));
        jmx.setAttribute(agent, new Attribute("Enabled", true));
        first = app.ask("call a", STEP);
        assertEquals(first, app.ask("call a", STEP), "a hit after the agent was switched back on");
        bodies = bodies(first);

        // invalidateAll(): the next call loads, the one after hits
        jmx.invoke(rule, "invalidateAll", new Object[0], new String[0]);
        assertEquals("stock-a " + (bodies + 1), app.ask("call a", STEP));
        assertEquals("stock-a " + (bodies + 1), app.ask("call a", STEP));

        assertEquals(0L, jmx.getAttribute(agent, "InternalErrors"));

        // MXBeans, so generic consoles show them without our classes
        assertEquals("true", String.valueOf(jmx.getMBeanInfo(rule).getDescriptor().getFieldValue("mxbean")),
            "the Rule MBean is an MXBean");
        assertEquals("true", String.valueOf(jmx.getMBeanInfo(agent).getDescriptor().getFieldValue("mxbean")),
            "the Agent MBean is an MXBean");

        // a rule that starts disabled (enabled: false) can be switched on at run time
        ObjectName reserve = new ObjectName("io.methodcache:type=Rule,name=reserve");
        awaitRegistered(jmx, reserve);
        assertEquals(false, jmx.getAttribute(reserve, "Enabled"));
        assertEquals("reserved-x 1", app.ask("reserve x", STEP));
        assertEquals("reserved-x 2", app.ask("reserve x", STEP));
        jmx.setAttribute(reserve, new Attribute("Enabled", true));
        assertEquals("reserved-x 3", app.ask("reserve x", STEP));
        assertEquals("reserved-x 3", app.ask("reserve x", STEP), "a hit once the rule was switched on");
      } catch (AssertionError | Exception e) {
        app.closeStdin();
        throw new AssertionError(e.getMessage() + "\n" + app.awaitExit(Duration.ofSeconds(10)).describe(), e);
      }
      ForkResult r = app.finish();
      r.assertExitedNormally();
      Checks.silentStderr(r);
    }
  }

  private static int bodies(String answer) {
    return Integer.parseInt(answer.substring(answer.lastIndexOf(' ') + 1));
  }

  private static Object attr(MBeanServerConnection jmx, ObjectName name, String attribute) {
    try {
      return jmx.getAttribute(name, attribute);
    } catch (Exception e) {
      return e;
    }
  }

  private static void awaitRegistered(MBeanServerConnection jmx, ObjectName name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!jmx.isRegistered(name)) {
      if (System.nanoTime() > deadline) throw new AssertionError(name + " not registered within 15 s");
      Thread.sleep(20);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
