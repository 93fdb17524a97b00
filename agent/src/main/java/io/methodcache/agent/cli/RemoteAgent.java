package io.methodcache.agent.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

/** The methodcache MBeans of one JVM, with errors turned into messages and exit statuses. */
final class RemoteAgent {
  static final ObjectName AGENT = name("io.methodcache:type=Agent");
  static final ObjectName RULES = name("io.methodcache:type=Rule,*");

  private final MBeanServerConnection mbeans;
  private final long pid;

  RemoteAgent(MBeanServerConnection mbeans, long pid) {
    this.mbeans = mbeans;
    this.pid = pid;
  }

  long pid() { return pid; }

  static ObjectName name(String text) {
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ObjectName ruleName(String rule) throws CliException {
    try {
      return new ObjectName("io.methodcache:type=Rule,name=" + rule);
    } catch (MalformedObjectNameException e) {
      throw CliException.usage("'" + rule + "' is not a rule name");
    }
  }

  boolean agentRegistered() throws CliException {
    try {
      return mbeans.isRegistered(AGENT);
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** Waits up to {@code limit} for the Agent MBean; false when it did not appear. */
  boolean awaitAgent(Duration limit) throws CliException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!agentRegistered()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Fails with status 3 when no agent runs in the JVM (after a short wait for its beans). */
  RemoteAgent requireAgent() throws CliException {
    if (!awaitAgent(Duration.ofSeconds(3))) {
      throw CliException.unreachable("no methodcache agent in JVM " + pid + ": no MBean "
          + AGENT + " (the agent was not started, registers its beans about one second after"
          + " start, or runs with -Dmethodcache.jmx=false)");
    }
    return this;
  }

  /** The rule names in the agent's order (RuleNames), then any other rule bean, sorted. */
  List<String> ruleNames() throws CliException {
    List<String> names = new ArrayList<>();
    Object listed = get(AGENT, "RuleNames");
    if (listed instanceof String[]) {
      names.addAll(Arrays.asList((String[]) listed));
    }
    List<String> others = new ArrayList<>();
    try {
      for (ObjectName n : mbeans.queryNames(RULES, null)) {
        String rule = n.getKeyProperty("name");
        if (rule != null && !names.contains(rule)) {
          others.add(rule);
        }
      }
    } catch (IOException e) {
      throw lost(e);
    }
    others.sort(null);
    names.addAll(others);
    return names;
  }

  /** The rule's bean; fails with status 1 naming the rules there are. */
  ObjectName requireRule(String rule) throws CliException {
    ObjectName n = ruleName(rule);
    try {
      if (mbeans.isRegistered(n)) {
        return n;
      }
    } catch (IOException e) {
      throw lost(e);
    }
    throw CliException.failed("no rule '" + rule + "' in JVM " + pid + "; its rules are: "
        + String.join(", ", ruleNames()));
  }

  /** The attribute's value, or null when the bean has no such attribute. */
  Object get(ObjectName bean, String attribute) throws CliException {
    Map<String, Object> values = get(bean, List.of(attribute));
    return values.get(attribute);
  }

  /** The attributes there are among {@code names}, in that order (absent ones left out). */
  Map<String, Object> get(ObjectName bean, List<String> names) throws CliException {
    Map<String, Object> out = new LinkedHashMap<>();
    try {
      AttributeList list = mbeans.getAttributes(bean, names.toArray(new String[0]));
      for (Attribute a : list.asList()) {
        out.put(a.getName(), a.getValue());
      }
      return out;
    } catch (InstanceNotFoundException e) {
      throw CliException.failed(bean + " is gone from JVM " + pid + " (reloaded?)");
    } catch (IOException e) {
      throw lost(e);
    } catch (Exception e) {
      throw CliException.failed("cannot read " + names + " of " + bean + ": " + e);
    }
  }

  /** Every readable attribute of the bean, in the order its MBeanInfo lists them. */
  Map<String, Object> all(ObjectName bean) throws CliException {
    List<String> names = new ArrayList<>();
    for (MBeanAttributeInfo a : info(bean).getAttributes()) {
      if (a.isReadable()) {
        names.add(a.getName());
      }
    }
    return get(bean, names);
  }

  void set(ObjectName bean, String attribute, Object value) throws CliException {
    try {
      mbeans.setAttribute(bean, new Attribute(attribute, value));
    } catch (IOException e) {
      throw lost(e);
    } catch (Exception e) {
      throw CliException.failed("cannot set " + attribute + " of " + bean + ": " + cause(e));
    }
  }

  /** Whether the bean has the operation with exactly these parameter types. */
  boolean hasOperation(ObjectName bean, String operation, String... signature)
      throws CliException {
    for (MBeanOperationInfo op : info(bean).getOperations()) {
      if (!op.getName().equals(operation)) {
        continue;
      }
      MBeanParameterInfo[] params = op.getSignature();
      if (params.length != signature.length) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < params.length; i++) {
        same &= params[i].getType().equals(signature[i]);
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  Object invoke(ObjectName bean, String operation, Object[] params, String[] signature)
      throws CliException {
    try {
      return mbeans.invoke(bean, operation, params, signature);
    } catch (IOException e) {
      throw lost(e);
    } catch (Exception e) {
      throw CliException.failed(operation + " on " + bean + " failed: " + cause(e));
    }
  }

  /** Whether the JVM was started with {@code -javaagent:} naming a methodcache jar. */
  boolean startedWithAgent() throws CliException {
    ObjectName runtime = name("java.lang:type=Runtime");
    try {
      if (!mbeans.isRegistered(runtime)) {
        return false;
      }
    } catch (IOException e) {
      throw lost(e);
    }
    Object args = get(runtime, "InputArguments");
    if (args instanceof String[]) {
      for (String a : (String[]) args) {
        if (a.startsWith("-javaagent:") && a.contains("methodcache")) {
          return true;
        }
      }
    }
    return false;
  }

  private MBeanInfo info(ObjectName bean) throws CliException {
    try {
      return mbeans.getMBeanInfo(bean);
    } catch (InstanceNotFoundException e) {
      throw CliException.failed(bean + " is not registered in JVM " + pid);
    } catch (IOException e) {
      throw lost(e);
    } catch (Exception e) {
      throw CliException.failed("cannot describe " + bean + ": " + e);
    }
  }

  private CliException lost(IOException e) {
    return CliException.unreachable("lost the JMX connection to JVM " + pid + ": " + e);
  }

  /** The application-level cause of a remote failure, as one line. */
  static String cause(Throwable e) {
    Throwable t = e;
    while ((t instanceof MBeanException || t instanceof RuntimeMBeanException
        || t instanceof javax.management.ReflectionException
        || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null ? t.toString() : message.replace('\n', ' ');
  }
}
