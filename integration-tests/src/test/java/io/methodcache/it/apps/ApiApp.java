package io.methodcache.it.apps;

import static io.methodcache.it.apps.Report.put;

import io.methodcache.api.MethodCache;
import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Inventory;
import java.util.Map;
import java.util.TreeMap;

/** An app that uses the optional agent-api: works with the agent and is a no-op without it. */
public final class ApiApp {
  public static void main(String[] args) {
    Inventory inventory = new Inventory();
    put("active", MethodCache.isActive());
    inventory.stock("a");
    inventory.stock("a");
    put("bodiesAfterTwoCalls", Bodies.count("stock"));
    put("invalidate", MethodCache.invalidate("stock", "a"));
    inventory.stock("a");
    put("bodiesAfterInvalidate", Bodies.count("stock"));
    put("invalidateAll", MethodCache.invalidateAll("stock"));
    inventory.stock("a");
    inventory.stock("a");
    put("bodiesAfterInvalidateAll", Bodies.count("stock"));
    put("invalidateTag", MethodCache.invalidateTag("item:a"));
    inventory.stock("a");
    put("bodiesAfterInvalidateTag", Bodies.count("stock"));
    put("unknownRule", MethodCache.invalidateAll("no-such-rule"));
    Map<String, Number> stats = new TreeMap<>(MethodCache.stats("stock"));
    put("stats.hits", stats.get("hits"));
    put("stats.misses", stats.get("misses"));
    put("stats.size", stats.get("size"));
    put("done", true);
  }
}
