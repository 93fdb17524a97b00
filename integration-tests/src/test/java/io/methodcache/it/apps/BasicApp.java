package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.outcome;
import static io.methodcache.it.apps.Report.put;

import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Calculator;
import io.methodcache.it.target.Lookup;
import io.methodcache.it.target.MathStatics;
import io.methodcache.it.target.Orders;
import io.methodcache.it.target.Orders.Customer;
import io.methodcache.it.target.Orders.Order;
import io.methodcache.it.target.Overloads;
import io.methodcache.it.target.RepoA;
import io.methodcache.it.target.RepoB;
import io.methodcache.it.target.Thrower;
import io.methodcache.it.target.Wildcards;
import io.methodcache.it.target.deep.nested.Finder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hits, misses, result types, argument counts, arrays, exceptions, nulls, key templates and method
 * patterns, in one JVM. For each case it prints the values every call returned and how often the
 * body ran; the test compares them with what the uncached code would do.
 */
public final class BasicApp {
  public static void main(String[] args) throws Exception {
    Calculator c = new Calculator();

    // ---- results of every type, 0..6 arguments: a call, the same call (a hit), another key twice
    pairs("label", c::label, c::label);
    pairs("square", () -> c.square(7), () -> c.square(8));
    pairs("ratio", () -> c.ratio(1, 4), () -> c.ratio(3, 4));
    pairs("is-prime", () -> c.isPrime(13), () -> c.isPrime(15));
    pairs("low-byte", () -> c.lowByte(300), () -> c.lowByte(301));
    pairs("half", () -> c.half((short) 500), () -> c.half((short) 600));
    pairs("initial", () -> c.initial("zoe"), () -> c.initial("amy"));
    pairs("third", () -> c.third(9f), () -> c.third(1f));
    pairs("join3", () -> c.join3("a", 1, 2L), () -> c.join3("a", 1, 3L));
    pairs("six", () -> c.six(1, 2L, 3.5, true, "e", 'f'), () -> c.six(1, 2L, 3.5, false, "e", 'f'));
    pairs("words", () -> c.words("to be or not"), () -> c.words("to be"));
    pairs("answer", MathStatics::answer, MathStatics::answer);
    pairs("version", MathStatics::version, MathStatics::version);
    pairs("cube", () -> MathStatics.cube(3), () -> MathStatics.cube(-4));
    pairs("hypot", () -> MathStatics.hypot(3, 4), () -> MathStatics.hypot(5, 12));
    pairs("disabled", () -> c.disabled(1), () -> c.disabled(2));

    // ---- arrays: keys by content, copied at call time (a later mutation of the caller's array
    // must neither hit the old entry nor corrupt it)
    int[] xs = {1, 2, 3};
    List<Object> sums = new ArrayList<>();
    List<Integer> sumBodies = new ArrayList<>();
    sums.add(c.sum(xs));
    sumBodies.add(Bodies.count("sum"));
    sums.add(c.sum(new int[] {1, 2, 3}));
    sumBodies.add(Bodies.count("sum"));
    xs[2] = 10;
    sums.add(c.sum(xs));
    sumBodies.add(Bodies.count("sum"));
    sums.add(c.sum(new int[] {1, 2, 3}));
    sumBodies.add(Bodies.count("sum"));
    put("sum.values", join(sums));
    put("sum.bodies", join(sumBodies));

    String[] parts = {"x", "y"};
    List<Object> concats = new ArrayList<>();
    concats.add(c.concat(parts));
    concats.add(c.concat(new String[] {"x", "y"}));
    parts[1] = "z";
    concats.add(c.concat(parts));
    concats.add(c.concat(new String[] {"x", "y"}));
    put("concat.values", join(concats));
    put("concat.bodies", Bodies.count("concat"));

    int[][] grid = {{1, 2}, {3, 4}};
    List<Object> totals = new ArrayList<>();
    totals.add(c.total(grid));
    totals.add(c.total(new int[][] {{1, 2}, {3, 4}}));
    grid[1][1] = 40;
    totals.add(c.total(grid));
    totals.add(c.total(new int[][] {{1, 2}, {3, 4}}));
    put("total.values", join(totals));
    put("total.bodies", Bodies.count("total"));

    // ---- exceptions are never cached; the caller gets the body's own throwable each time
    Thrower t = new Thrower();
    throwing("fail", () -> t.fail("x"));
    throwing("fail-checked", () -> t.failChecked("x"));
    throwing("fail-primitive", () -> t.failPrimitive(3));
    List<String> flaky = new ArrayList<>();
    for (int i = 0; i < 3; i++) flaky.add(outcome(() -> t.flaky("k")));
    put("flaky.values", String.join(" | ", flaky));
    put("flaky.bodies", Bodies.count("flaky"));

    // ---- null and empty results
    Lookup lookup = new Lookup();
    thrice("null-cached", () -> lookup.findNullCached("a"), "null-cached");
    thrice("null-uncached", () -> lookup.findNullUncached("a"), "null-uncached");
    thrice("optional-empty", () -> lookup.findOptional("none-1"), "optional:none-1");
    thrice("optional-present", () -> lookup.findOptional("x"), "optional:x");
    thrice("optional-nulls-empty", () -> lookup.findOptionalNullsCached("none-1"), "optional-nulls:none-1");

    // ---- key template "{1.customer.id}/{0}": a getter, then a public field
    Orders orders = new Orders();
    List<String> summaries = new ArrayList<>();
    List<Integer> summaryBodies = new ArrayList<>();
    Object[][] calls = {
      {"eu", new Order(new Customer(7, "ann"), "first")},
      {"eu", new Order(new Customer(7, "ann"), "another note, same customer")},
      {"eu", new Order(new Customer(8, "bob"), "first")},
      {"us", new Order(new Customer(7, "ann"), "first")},
    };
    for (Object[] call : calls) {
      summaries.add(outcome(() -> orders.summary((String) call[0], (Order) call[1])));
      summaryBodies.add(Bodies.count("summary"));
    }
    put("summary.values", String.join(",", summaries));
    put("summary.bodies", join(summaryBodies));

    // ---- method patterns: one rule over several methods keeps each method's results apart
    Wildcards w = new Wildcards();
    pairsOf("wildcard", new String[] {"alpha", "beta"}, () -> w.alpha(1), () -> w.beta(1));
    pairs("gamma", () -> w.gamma(1, "y"), () -> w.gamma(2, "y"));
    Overloads o = new Overloads();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      picks.add(outcome(() -> o.pick(1)));
      picks.add(outcome(() -> o.pick("1")));
      picks.add(outcome(() -> o.pick(1, 1)));
    }
    put("pick.values", String.join(",", picks));
    put("pick.bodies", Bodies.count("pick(int)") + "," + Bodies.count("pick(String)") + ","
        + Bodies.count("pick(int,int)"));
    pairs("finder", () -> new Finder().find(5), () -> new Finder().find(6));
    pairsOf("repo", new String[] {"repo-a", "repo-b"}, () -> new RepoA().load(1), () -> new RepoB().load(1));

    // ---- varargs, a null argument, ten arguments, synchronized and private methods
    pairs("varargs", () -> c.joinAll("-", "a", "b"), () -> c.joinAll("-", "a", "c"));
    pairs("null-arg", () -> c.describe(null), () -> c.describe("null"));
    pairs("ten", () -> c.ten(1, 2, 3, 4, 5, 6, 7, 8, 9, 10L), () -> c.ten(1, 2, 3, 4, 5, 6, 7, 8, 9, 11L));
    pairs("synchronized", () -> c.locked("x"), () -> c.locked("y"));
    pairs("private", () -> c.callSecret(2), () -> c.callSecret(3));

    // ---- a generic interface method called through the interface (javac adds a bridge method)
    io.methodcache.it.target.Loader<String> loader = new io.methodcache.it.target.StringLoader();
    pairs("bridge", () -> loader.load("a"), () -> loader.load("b"));

    // ---- an overload that calls another overload of the same rule with the same key
    long d0 = System.nanoTime();
    List<String> delegated = new ArrayList<>();
    for (int i = 0; i < 2; i++) delegated.add(outcome(() -> c.delegate("k")));
    put("delegate.values", String.join(",", delegated));
    put("delegate.bodies", Bodies.count("delegate(String)") + "," + Bodies.count("delegate(String,boolean)"));
    put("delegate.millis", String.valueOf((System.nanoTime() - d0) / 1_000_000));

    // ---- statistics of one rule, read from the agent's MBean in this JVM
    AgentProbe.reportAgent();
    AgentProbe.reportRule("square", "Hits", "Misses", "Loads", "LoadFailures", "Size", "HitRatio", "Errors");
    AgentProbe.reportRule("fail", "Hits", "Loads", "LoadFailures", "Size");
    AgentProbe.reportRule("bridge", "Hits", "Misses", "Loads");
    put("done", true);
  }

  /** Calls {@code first} twice then {@code other} twice; prints the four values and body counts. */
  static void pairs(String rule, Callable<?> first, Callable<?> other) {
    List<String> values = new ArrayList<>();
    values.add(outcome(first));
    values.add(outcome(first));
    int afterFirst = Bodies.count(rule);
    values.add(outcome(other));
    values.add(outcome(other));
    put(rule + ".values", String.join(",", values));
    put(rule + ".bodies", afterFirst + "," + Bodies.count(rule));
  }

  /** Like pairs, for two methods under one rule, counted separately. */
  static void pairsOf(String rule, String[] bodies, Callable<?> first, Callable<?> second) {
    List<String> values = new ArrayList<>();
    values.add(outcome(first));
    values.add(outcome(first));
    values.add(outcome(second));
    values.add(outcome(second));
    put(rule + ".values", String.join(",", values));
    put(rule + ".bodies", Bodies.count(bodies[0]) + "," + Bodies.count(bodies[1]));
  }

  /** Three calls with the same arguments. */
  static void thrice(String name, Callable<?> call, String body) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3; i++) values.add(outcome(call));
    put(name + ".values", String.join(",", values));
    put(name + ".bodies", Bodies.count(body));
  }

  /** Three calls of a throwing body: what was caught, and whether it was the body's own instance. */
  static void throwing(String rule, Callable<?> call) {
    List<String> outcomes = new ArrayList<>();
    boolean sameInstance = true;
    for (int i = 0; i < 3; i++) {
      try {
        outcomes.add("returned " + Report.render(call.call()));
        sameInstance = false;
      } catch (Throwable e) {
        outcomes.add(Report.thrown(e));
        sameInstance &= e == Thrower.LAST.get();
      }
    }
    put(rule + ".outcomes", String.join(" | ", outcomes));
    put(rule + ".sameInstance", sameInstance);
    put(rule + ".bodies", Bodies.count(rule));
  }

  static String join(List<?> values) {
    List<String> s = new ArrayList<>();
    for (Object v : values) s.add(Report.render(v));
    return String.join(",", s);
  }
}
