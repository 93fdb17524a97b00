package io.methodcache.it.proxies;

import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import javax.naming.CompositeName;
import org.xml.sax.helpers.NamespaceSupport;

/**
 * Calls methods of JDK classes outside {@code java.} (boot-loader classes of java.management,
 * java.naming and java.xml) that rules name, plus one application method the agent does cache.
 * With {@code noagent} as argument it prints the same without reading the agent's MBeans.
 */
public final class JdkTypesApp {
  private static final AtomicInteger LABELS = new AtomicInteger();

  private JdkTypesApp() {}

  /** The application method a rule caches: proof the agent is at work in the same run. */
  public static String label(long id) {
    LABELS.incrementAndGet();
    return "label-" + id;
  }

  public static void main(String[] args) throws Exception {
    ObjectName a = new ObjectName("demo:type=A");
    ObjectName same = new ObjectName("demo:type=A");
    ObjectName b = new ObjectName("demo:type=B");
    List<Object> names = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      names.add(a.compareTo(same));
      names.add(a.compareTo(b));
      names.add(b.compareTo(a));
      names.add(same.compareTo(a));
      names.add(b.compareTo(b));
    }
    Report.put("objectName.compareTo", names);

    CompositeName x = new CompositeName("a/b");
    CompositeName y = new CompositeName("a/b");
    CompositeName z = new CompositeName("a/c");
    List<Object> composite = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      composite.add(x.compareTo(y));
      composite.add(x.compareTo(z));
      composite.add(z.compareTo(x));
    }
    Report.put("compositeName.compareTo", composite);

    // the same prefix means something else in each context: an answer shared between the two
    // objects would be wrong
    NamespaceSupport one = new NamespaceSupport();
    one.declarePrefix("p", "urn:one");
    NamespaceSupport two = new NamespaceSupport();
    two.declarePrefix("p", "urn:two");
    Report.put("namespace.getURI", List.of(one.getURI("p"), two.getURI("p"), one.getURI("p"),
        two.getURI("p")));

    Report.put("label.values", List.of(label(1), label(1), label(2)));
    Report.put("label.bodies", LABELS.get());
    if (args.length == 0 || !args[0].equals("noagent")) {
      AgentProbe.reportAgent();
      for (String rule : List.of("names-glob", "composite-sub", "namespaces", "label")) {
        AgentProbe.reportRule(rule, "Hits", "Misses");
      }
    }
    Report.put("done", true);
  }
}
