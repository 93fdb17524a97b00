package io.methodcache.it.mixed.receivers;

import static io.methodcache.it.apps.Report.put;

import io.methodcache.api.MethodCache;
import io.methodcache.it.target.Bodies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Issue 9's receiver cases, one section each, every value and body count printed as a RESULT
 * line. Without the agent every body runs on every call; with it, the counts show what was cached.
 */
public final class ReceiverApp {
  public static void main(String[] args) {
    records();
    enums();
    sorting();
    services();
    receiverIgnored();
    keyNamingTheReceiver();
    overrideCallingSuper();
    overrideCallingSuperAfterABaseInstance();
    put("done", true);
  }

  private static void records() {
    put("rate.values", new Rate(2).apply(10) + "," + new Rate(3).apply(10) + ","
        + new Rate(2).apply(10) + "," + new Rate(3).apply(10));
    put("rate.bodies", Bodies.count("rate"));
    new Rate(2).apply(11);
    // the agent-api invalidates by arguments: the key for every receiver, the other keys kept
    put("rate.invalidate", MethodCache.invalidate("rate", 10.0));
    put("rate.afterInvalidate", new Rate(2).apply(10) + "," + new Rate(3).apply(10) + ","
        + new Rate(2).apply(11));
    put("rate.bodiesAfterInvalidate", Bodies.count("rate"));
  }

  private static void enums() {
    put("tax.values", Tax.LOW.of(100) + "," + Tax.HIGH.of(100) + "," + Tax.HIGH.of(100) + ","
        + Tax.LOW.of(100));
    put("tax.bodies", Bodies.count("tax"));
  }

  /** Sorts shuffled lists by compareTo, against the order a comparator that is not cached gives. */
  private static void sorting() {
    List<Version> versions = new ArrayList<>();
    for (int major = 1; major <= 3; major++) {
      for (int minor = 0; minor < 4; minor++) {
        versions.add(new Version(major, minor));
      }
    }
    Random random = new Random(42);
    int calls = 0;
    boolean same = true;
    String sorted = null;
    for (int round = 0; round < 5; round++) {
      List<Version> list = new ArrayList<>(versions);
      Collections.shuffle(list, random);
      List<Version> expected = new ArrayList<>(list);
      expected.sort(Comparator.comparingInt(Version::major).thenComparingInt(Version::minor));
      Collections.sort(list);
      same &= list.equals(expected);
      sorted = list.toString();
    }
    put("sort.sameAsUncachedComparator", same);
    put("sort.last", sorted);
    put("sort.compareToBodies", Bodies.count("compareTo"));
    put("sort.stats.hits", MethodCache.stats("version-compare").get("hits"));
  }

  /** One singleton called a lot, then two other instances configured differently. */
  private static void services() {
    Pricing main = new Pricing(1);
    double sum = 0;
    for (int i = 0; i < 100; i++) {
      sum += main.price(10);
    }
    put("pricing.mainSum", sum);
    put("pricing.bodiesAfterMain", Bodies.count("pricing"));
    Pricing other = new Pricing(100);
    Pricing third = new Pricing(1000);
    StringJoiner values = new StringJoiner(",");
    for (int i = 0; i < 3; i++) {
      values.add(String.valueOf(other.price(10)));
      values.add(String.valueOf(main.price(10)));
      values.add(String.valueOf(third.price(10)));
    }
    put("pricing.interleaved", values);
    put("pricing.bodies", Bodies.count("pricing"));
    // a write rule's key (the cost as text) reaches the entries of every instance
    new PriceList().changed(10);
    put("pricing.afterEvict", main.price(10) + "," + other.price(10) + "," + third.price(10) + ","
        + main.price(10));
    put("pricing.bodiesAfterEvict", Bodies.count("pricing"));
  }

  private static void receiverIgnored() {
    put("greet.values", new Greeter("hello").greet("ann") + "," + new Greeter("hi").greet("ann")
        + "," + new Greeter("hey").greet("bob"));
    put("greet.bodies", Bodies.count("greet"));
  }

  private static void keyNamingTheReceiver() {
    Restocking restocking = new Restocking();
    RegionalStock eu = new RegionalStock("eu");
    RegionalStock us = new RegionalStock("us");
    restocking.restock(eu, "apple", 5);
    restocking.restock(us, "apple", 7);
    put("stock.start", eu.stock("apple") + "," + us.stock("apple") + "," + eu.stock("apple")
        + "," + new RegionalStock("eu").stock("apple"));
    put("stock.bodiesAtStart", Bodies.count("stock"));
    restocking.restock(eu, "apple", 1);
    put("stock.afterRestockEu", eu.stock("apple") + "," + us.stock("apple"));
    put("stock.bodies", Bodies.count("stock"));
  }

  private static void overrideCallingSuper() {
    FancyQuotes quotes = new FancyQuotes();
    StringJoiner values = new StringJoiner(",");
    for (int i = 0; i < 3; i++) {
      for (String symbol : new String[] {"ab", "xyz", "q"}) {
        values.add(quotes.quote(symbol));
      }
    }
    put("quotes.values", values);
    put("quotes.baseBodies", Bodies.count("baseQuote"));
    put("quotes.size", MethodCache.stats("quotes").get("size"));
  }

  /** The base's own instance first: then the subclass's super calls come from another instance. */
  private static void overrideCallingSuperAfterABaseInstance() {
    String plain = new BaseLabels().label("z");
    BoldLabels bold = new BoldLabels();
    StringJoiner values = new StringJoiner(",");
    for (int i = 0; i < 3; i++) {
      values.add(bold.label("ab"));
      values.add(bold.label("xyz"));
    }
    put("labels.values", plain + "," + values);
    put("labels.baseBodies", Bodies.count("baseLabel"));
    put("labels.size", MethodCache.stats("labels").get("size"));
  }
}
