package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.outcome;
import static io.methodcache.it.apps.Report.put;

import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Faulty;
import io.methodcache.it.target.Faulty.BadEquals;
import io.methodcache.it.target.Faulty.BadHash;
import io.methodcache.it.target.Faulty.Exploding;
import java.util.ArrayList;
import java.util.List;

/** Faults inside the agent (key building, hashing, comparing) must never reach the caller. */
public final class FaultApp {
  public static void main(String[] args) throws Exception {
    Faulty faulty = new Faulty();

    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) values.add(outcome(() -> faulty.describe(new Exploding(1, true))));
    put("fault-getter.values", String.join(",", values));
    put("fault-getter.bodies", Bodies.count("fault-getter"));

    // the same rule still caches arguments whose key can be built
    int before = Bodies.count("fault-getter");
    List<String> calm = new ArrayList<>();
    for (int i = 0; i < 3; i++) calm.add(outcome(() -> faulty.describe(new Exploding(2, false))));
    put("fault-getter.calmValues", String.join(",", calm));
    put("fault-getter.calmBodies", Bodies.count("fault-getter") - before);

    values.clear();
    for (int i = 0; i < 3; i++) values.add(outcome(() -> faulty.hashed(new BadHash(3))));
    put("fault-hash.values", String.join(",", values));
    put("fault-hash.bodies", Bodies.count("fault-hash"));

    values.clear();
    for (int i = 0; i < 3; i++) values.add(outcome(() -> faulty.compared(new BadEquals(4))));
    put("fault-equals.values", String.join(",", values));
    put("fault-equals.bodies", Bodies.count("fault-equals"));

    // a property path through a null: whatever the key becomes, the caller gets the body's value
    io.methodcache.it.target.Orders orders = new io.methodcache.it.target.Orders();
    values.clear();
    for (int i = 0; i < 3; i++) {
      values.add(outcome(() -> orders.label(new io.methodcache.it.target.Orders.Order(null, "n"))));
    }
    put("null-path.values", String.join(",", values));

    AgentProbe.reportAgent();
    AgentProbe.reportRule("fault-getter", "Errors", "Hits", "Size");
    AgentProbe.reportRule("fault-hash", "Errors");
    AgentProbe.reportRule("fault-equals", "Errors");
    put("done", true);
  }
}
