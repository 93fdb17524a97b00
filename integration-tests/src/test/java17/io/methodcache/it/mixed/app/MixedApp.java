package io.methodcache.it.mixed.app;

import io.methodcache.api.MethodCache;
import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The safety net's application: one deterministic sequence of calls over many kinds of Java code,
 * each repeated over three rounds with receivers interleaved, every outcome (value or throwable)
 * printed as {@code RESULT name#round=value}. Run with and without the agent, the lines must be
 * identical; with the agent it also prints the stats of the rules named as arguments
 * ({@code stats.*}) and the agent's own figures ({@code agent.*}).
 */
public final class MixedApp {
  private static int round;

  // receivers kept across rounds (services, proxies), so later rounds can hit
  private static final Catalog FRUIT = new Catalog("fruit", new Catalog.Item("apple", 3),
      new Catalog.Item("pear", 5), new Catalog.Item("fig", 8));
  private static final Catalog TOOLS = new Catalog("tools", new Catalog.Item("saw", 20),
      new Catalog.Item("nail", 1));
  private static final Converter<Integer, String> LOWER_HEX = new HexConverter(false);
  private static final Converter<Integer, String> UPPER_HEX = new HexConverter(true);
  private static final Converter<Integer, String> PADDED_HEX = new PaddedHexConverter();
  private static final Converter<String, Integer> LENGTH = new Converter<String, Integer>() {
    @Override
    public Integer convert(String value) {
      return value.length();
    }
  };
  private static final Person ANN = new Person("Ann Lee");
  private static final Person BOB = new Person("Bob Stone");
  private static final Lookup EN = new DirectoryLookup(Map.of("hello", "hi", "bye", "ciao"));
  private static final Lookup DE = new DirectoryLookup(Map.of("hello", "hallo"));
  private static final Lookup EN_PROXY = Proxies.lookup(EN, "en");
  private static final Lookup DE_PROXY = Proxies.lookup(DE, "de");
  private static final Resolver R1 = Proxies.resolver("one");
  private static final Resolver R22 = Proxies.resolver("twenty-two");
  private static final Vault VAULT = Guarded.vault();
  private static final TaxService FRANCE = new TaxService("FR", 20);
  private static final TaxService JAPAN = new TaxService("JP", 10);
  private static final Directory DIRECTORY = new Directory();
  private static final Parser PARSER = new Parser();
  private static final Animal CAT = new Animal("cat");
  private static final Dog REX = new Dog("rex");
  private static final Puppy BIT = new Puppy("bit");
  private static final Formatter KG = Formatters.anonymous("kg");
  private static final Formatter KM = Formatters.anonymous("km");
  private static final Formatter PAD4 = Formatters.local(4);
  private static final Formatter PAD6 = Formatters.local(6);
  private static final Formatter HASH = Formatters.lambda("#");
  private static final Formatter AT = Formatters.lambda("@");
  private static final Overloads OVERLOADS = new Overloads();

  public static void main(String[] args) {
    for (round = 0; round < 3; round++) {
      records();
      enums();
      sealed();
      nested();
      generics();
      defaults();
      proxies();
      services();
      numbers();
      text();
      optionals();
      throwing();
      inheritance();
      formatters();
      basket();
      overloads();
    }
    if (MethodCache.isActive()) {
      for (String rule : args) { // the rules file's rule names
        Map<String, Number> stats = MethodCache.stats(rule);
        Report.put("stats." + rule + ".hits", stats.get("hits"));
        Report.put("stats." + rule + ".misses", stats.get("misses"));
        Report.put("stats." + rule + ".errors", stats.get("errors"));
      }
      AgentProbe.reportAgent();
    }
    Report.put("done", true);
  }

  private static void call(String name, Callable<?> call) {
    Report.put(name + "#" + round, Report.outcome(call));
  }

  private static void records() {
    Money five = new Money(500, "EUR");
    call("money.parse", () -> Money.parse("12.34 EUR"));
    call("money.parseBad", () -> Money.parse("twelve"));
    call("money.plus", () -> five.plus(new Money(250, "EUR")));
    call("money.plusOther", () -> new Money(100, "EUR").plus(new Money(250, "EUR")));
    call("money.plusMixed", () -> five.plus(new Money(1, "USD")));
    call("money.times", () -> new Money(round + 1, "JPY").times(3).format());
    call("money.format", () -> five.format() + "/" + new Money(-705, "EUR").format());
    call("money.accessors", () -> five.cents() + five.currency());
    call("money.equality", () -> five.equals(new Money(500, "EUR")) + ","
        + five.equals(new Money(500, "USD")) + "," + (five.hashCode() == new Money(500, "EUR").hashCode()));
    call("money.toString", () -> five + "|" + new Money(7, "GBP"));
  }

  private static void enums() {
    for (Op op : Op.values()) {
      call("op." + op.name(), () -> op.apply(7, 3) + " " + op.show(7, 3) + " " + op.symbol());
    }
    call("op.interleaved", () -> Op.MUL.apply(2, 5) + "," + Op.ADD.apply(2, 5) + ","
        + Op.MUL.apply(2, 5) + "," + Op.POW.apply(2, 5));
    call("op.valueOf", () -> Op.valueOf("SUB").apply(10, 4));
    call("op.valueOfBad", () -> Op.valueOf("DIV"));
    call("op.values", () -> Arrays.toString(Op.values()));
  }

  private static void sealed() {
    Shape[] shapes = {new Circle(1), new Square(2), new Triangle(3, 4), new Circle(2),
        new Square(2)};
    for (int i = 0; i < shapes.length; i++) {
      Shape s = shapes[i];
      call("shape." + i + ".area", s::area);
      call("shape." + i + ".describe", s::describe);
      call("shape." + i + ".kind", () -> kind(s));
    }
    call("shape.total", () -> Shape.total(shapes));
    call("shape.equal", () -> new Circle(1).equals(new Circle(1)) + "," + new Square(2).hashCode());
  }

  private static String kind(Shape s) {
    if (s instanceof Circle c) {
      return "circle r=" + c.radius();
    } else if (s instanceof Square q) {
      return "square s=" + q.side();
    } else if (s instanceof Triangle t) {
      return "triangle " + t.base() + "x" + t.height();
    }
    throw new AssertionError(s);
  }

  private static void nested() {
    call("catalog.total", () -> FRUIT.total() + "," + TOOLS.total());
    call("catalog.cursor", () -> FRUIT.cursor(1).at(0) + "," + TOOLS.cursor(1).at(0) + ","
        + FRUIT.cursor(0).at(2) + "," + TOOLS.cursor(0).at(2));
    call("catalog.sortedAsc", () -> FRUIT.sorted(false) + TOOLS.sorted(false));
    call("catalog.sortedDesc", () -> FRUIT.sorted(true) + TOOLS.sorted(true));
    Catalog.Item apple = new Catalog.Item("apple", 3);
    call("catalog.label", () -> apple.label(round + 1) + "," + new Catalog.Item("kiwi", 2).label(2));
    call("catalog.compare", () -> FRUIT.order(true).compare(apple, new Catalog.Item("fig", 8))
        + "," + FRUIT.order(false).compare(apple, new Catalog.Item("fig", 8)));
  }

  private static void generics() {
    call("converter.hex", () -> LOWER_HEX.convert(255) + "," + UPPER_HEX.convert(255) + ","
        + PADDED_HEX.convert(255) + "," + LOWER_HEX.convert(4096));
    call("converter.or", () -> LOWER_HEX.convertOr(null, "none") + "," + UPPER_HEX.convertOr(171, "x")
        + "," + PADDED_HEX.convertOr(171, "x"));
    call("converter.anonymous", () -> LENGTH.convert("generic") + LENGTH.convertOr(null, -1));
    call("box.map", () -> new Box<>(21).map(x -> x * 2).get());
    call("box.pair", () -> new Box<>("a").pairWith(1) + new Box<>("a").pairWith("1")
        + new Box<>(List.of(1)).pairWith(2L));
    call("generics.max", () -> Generics.max(List.of(3, 9, 4)) + "," + Generics.max(List.of("b", "a"))
        + "," + Generics.max(new TreeSet<>(List.of(2.5, 1.5))));
    call("generics.repeat", () -> Generics.repeat("x", round + 1) + "," + Generics.repeat(7, 2));
    call("generics.entry", () -> Generics.entry("k", 1) + "," + Generics.entry(1, "k"));
  }

  private static void defaults() {
    Pet fido = new Pet("Fido Dog", "dog");
    call("named.greeting", () -> ANN.greeting("Bob") + "|" + BOB.greeting("Bob") + "|"
        + fido.greeting("Bob") + "|" + new Pet("Tom Cat", "cat").greeting("Bob"));
    call("named.initials", () -> ANN.initials() + BOB.initials() + fido.initials()
        + new Pet("Tom Cat", "cat").initials());
    call("named.name", () -> ANN.name() + "," + fido.name());
  }

  private static void proxies() {
    call("lookup.direct", () -> EN.lookup("hello") + "," + DE.lookup("hello") + ","
        + EN.lookup("bye") + "," + DE.lookup("bye"));
    call("lookup.proxy", () -> EN_PROXY.lookup("hello") + "," + DE_PROXY.lookup("hello") + ","
        + EN_PROXY.lookup("bye"));
    call("lookup.default", () -> EN_PROXY.lookupOr("bye", "-") + "," + DE_PROXY.lookupOr("bye", "-")
        + "," + DE.lookupOr("bye", "-") + "," + EN.lookupOr("bye", "-"));
    call("resolver.proxy", () -> R1.resolve("ABC") + "," + R22.resolve("ABC") + "," + R1.weight("ABC")
        + "," + R22.weight("ABC"));
    Guarded.currentUser = "admin";
    call("vault.admin", () -> VAULT.secret("door"));
    Guarded.currentUser = "guest";
    call("vault.guest", () -> VAULT.secret("door"));
  }

  private static void services() {
    call("tax.gross", () -> FRANCE.gross(100) + "," + JAPAN.gross(100) + "," + FRANCE.gross(100));
    call("tax.label", () -> JAPAN.label(50) + "," + FRANCE.label(50));
    call("tax.rate", () -> FRANCE.rate() + "," + JAPAN.rate() + "," + new TaxService("DE", 19).rate());
  }

  private static void numbers() {
    call("numbers.fib", () -> Numbers.fib(20 + round));
    int[] values = {1, 2, 3};
    call("numbers.sumArray", () -> Numbers.sum(values));
    values[0] = 10 * (round + 1); // the caller changes its array: the next call must see it
    call("numbers.sumArrayChanged", () -> Numbers.sum(values));
    call("numbers.sumVarargs", () -> Numbers.sum() + "," + Numbers.sum(5) + "," + Numbers.sum(5, 6));
    call("numbers.max", () -> Numbers.max(1.5) + "," + Numbers.max(1.5, 2.5, -3));
    call("numbers.histogram", () -> Numbers.histogram(new byte[] {1, 2, 3, 4, (byte) 200}, 3));
    call("numbers.identity", () -> Numbers.identity(2 + round % 2));
    call("numbers.prime", () -> Numbers.isPrime(97) + "," + Numbers.isPrime(91) + ","
        + Numbers.isPrime(1_000_000_007L));
    call("numbers.small", () -> Numbers.half(3f) + "," + Numbers.twice((short) 21) + ","
        + Numbers.low(300) + "," + Numbers.upper('q'));
    call("numbers.inverse", () -> Numbers.inverse(0.0) + "," + Numbers.inverse(-0.0) + ","
        + Numbers.inverse(4));
    call("numbers.reversed", () -> Numbers.reversed(new char[] {'a', 'b', 'c'}) + ","
        + Numbers.reversed("xyz".toCharArray()));
    call("numbers.flags", () -> Numbers.flags(true, false, true) + Numbers.flags(false, true, false));
    call("numbers.describe", () -> Numbers.describe(new Integer[] {1, 2}) + ","
        + Numbers.describe(new Object[] {1, 2}) + "," + Numbers.describe(new String[] {"1", "2"}));
  }

  private static void text() {
    call("text.join", () -> Text.join("-", "a", "b") + "," + Text.join("+") + ","
        + Text.join("-", "a", "b", "c"));
    List<String> parts = new ArrayList<>(List.of("x", "yy"));
    call("text.totalLength", () -> Text.totalLength(parts));
    parts.add("zzz" + round);
    call("text.totalLengthChanged", () -> Text.totalLength(parts));
    Map<String, Integer> counts = new HashMap<>(Map.of("a", 1, "b", 2));
    call("text.render", () -> Text.render(counts));
    counts.put("c", round);
    call("text.renderChanged", () -> Text.render(counts));
    call("text.shout", () -> Text.shout(new StringBuilder("hey")) + Text.shout(new StringBuilder("you")));
    call("text.repeat", () -> Text.repeat("ab", 3) + "," + Text.repeat("ab", 0));
    call("text.joinAllList", () -> Text.joinAll(List.of("b", "a", "c")) + ","
        + Text.joinAll(List.of("a", "b", "c")));
    // equal sets and maps that iterate in different orders
    call("text.joinAllOrdered", () -> Text.joinAll(new TreeSet<>(List.of("b", "a", "c"))) + ","
        + Text.joinAll(new LinkedHashSet<>(List.of("b", "a", "c"))));
    Map<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1));
    Map<String, Integer> inserted = new LinkedHashMap<>();
    inserted.put("b", 2);
    inserted.put("a", 1);
    call("text.inOrder", () -> Text.inOrder(sorted) + "," + Text.inOrder(inserted));
  }

  private static void optionals() {
    call("directory.nickname", () -> DIRECTORY.nickname("anna") + "," + DIRECTORY.nickname("bob")
        + "," + DIRECTORY.nickname("bob"));
    call("directory.nicknameNull", () -> DIRECTORY.nickname("zed"));
    call("directory.email", () -> DIRECTORY.email("anna") + "," + DIRECTORY.email("bo"));
    call("directory.emailEmpty", () -> DIRECTORY.email("al").isPresent());
    call("directory.age", () -> DIRECTORY.age("") + "," + DIRECTORY.age("abc"));
  }

  private static void throwing() {
    call("parser.ok", () -> PARSER.parseInt(" 42 "));
    call("parser.bad", () -> PARSER.parseInt("forty-two"));
    call("parser.load", () -> PARSER.load("notes.txt"));
    call("parser.loadMissing", () -> PARSER.load("missing-" + round % 2));
    call("parser.divide", () -> PARSER.checkedDivide(10, 3));
    call("parser.divideByZero", () -> PARSER.checkedDivide(10, 0));
    call("parser.divideByZeroAgain", () -> PARSER.checkedDivide(10, 0));
  }

  private static void inheritance() {
    call("animal.sound", () -> CAT.sound(2) + "|" + REX.sound(2) + "|" + BIT.sound(2) + "|"
        + new Dog("max").sound(2) + "|" + CAT.sound(1));
    call("animal.name", () -> CAT.name() + REX.name() + BIT.name());
  }

  private static void formatters() {
    call("formatter.anonymous", () -> KG.format(5) + "," + KM.format(5) + "," + KG.format(5));
    call("formatter.local", () -> "[" + PAD4.format(7) + "],[" + PAD6.format(7) + "]");
    call("formatter.lambda", () -> HASH.format(1) + "," + AT.format(1));
  }

  private static void basket() {
    Basket b = new Basket();
    b.add("milk");
    call("basket.weight", b::weight);
    b.add("bread" + round);
    call("basket.weightChanged", b::weight);
    call("basket.summary", b::summary);
    Basket other = new Basket();
    other.addAll(b);
    other.remove(0);
    call("basket.other", () -> other.weight() + " " + other.summary());
  }

  private static void overloads() {
    call("overloads.primitive", () -> OVERLOADS.describe(1) + "," + OVERLOADS.describe(1L) + ","
        + OVERLOADS.describe(Integer.valueOf(1)));
    call("overloads.object", () -> OVERLOADS.describe((Object) 1) + "," + OVERLOADS.describe((Object) 1L)
        + "," + OVERLOADS.describe((Object) (short) 1) + "," + OVERLOADS.describe((Object) "1"));
    call("overloads.varargs", () -> OVERLOADS.describe("a", "b") + "," + OVERLOADS.describe());
    call("overloads.null", () -> OVERLOADS.describe((Object) null));
  }
}
