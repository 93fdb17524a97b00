package io.methodcache.it.apps.metrics;

import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;

/**
 * Calls {@code price} on a known sequence (3 misses, 4 hits) and {@code save} once, prints every
 * number of the rules' MBeans ({@code jmx.<rule>.<attribute>}), then says READY and stays up (for
 * the test to scrape) until its stdin closes.
 */
public final class MetricsApp {
  private MetricsApp() {}

  public static void main(String[] args) throws Exception {
    PriceBook book = new PriceBook();
    for (long id : new long[] {1, 2, 1, 1, 3, 2, 3}) {
      book.price(id);
    }
    book.save(1);
    Report.put("bodies", PriceBook.BODIES.get());
    AgentProbe.reportAgent();
    for (String rule : new String[] {"price", "save"}) {
      reportNumbers(rule);
    }
    Report.put("ready", "true");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // the test closes stdin once it has scraped
    }
  }

  /** Every numeric attribute of the rule's MBean, as the MBean reads it now. */
  public static void reportNumbers(String rule) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    AgentProbe.awaitRegistered(AgentProbe.ruleName(rule), 10_000);
    for (MBeanAttributeInfo a : server.getMBeanInfo(AgentProbe.ruleName(rule)).getAttributes()) {
      if (a.getType().equals("long") || a.getType().equals("double")) {
        Report.put("jmx." + rule + "." + a.getName(), String.valueOf(AgentProbe.rule(rule, a.getName())));
      }
    }
  }
}
