package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.put;

import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Greeter;
import java.util.Arrays;

/**
 * A plain app: prints exactly "app: started", a few RESULT lines and "app: done", nothing else.
 * With {@code --await-agent} it also waits for the agent's MBean and reports on it.
 */
public final class HealthyApp {
  public static void main(String[] args) {
    System.out.println("app: started");
    Greeter greeter = new Greeter();
    String greeting = null;
    for (int i = 0; i < 3; i++) greeting = greeter.greet("ada");
    for (int i = 0; i < 3; i++) greeter.shout("bob");
    greeter.touch("x");
    put("greet", greeting);
    put("greetBodies", Bodies.count("greet"));
    put("shoutBodies", Bodies.count("shout"));
    if (Arrays.asList(args).contains("--await-agent")) {
      AgentProbe.reportAgent();
    }
    System.out.println("app: done");
  }
}
