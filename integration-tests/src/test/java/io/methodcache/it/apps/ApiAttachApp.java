package io.methodcache.it.apps;

import io.methodcache.api.MethodCache;
import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Inventory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Uses the agent-api facade before any agent is attached, then answers one {@code > } line per
 * stdin command: {@code active}, {@code call K} (the body count of stock after the call),
 * {@code invalidate K}.
 */
public final class ApiAttachApp {
  public static void main(String[] args) throws Exception {
    Inventory inventory = new Inventory();
    System.out.println("before=" + MethodCache.isActive() + "," + MethodCache.invalidateAll("stock"));
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] w = line.trim().split(" ");
      String answer;
      switch (w[0]) {
        case "active":
          answer = String.valueOf(MethodCache.isActive());
          break;
        case "call":
          inventory.stock(w[1]);
          answer = String.valueOf(Bodies.count("stock"));
          break;
        case "invalidate":
          answer = String.valueOf(MethodCache.invalidate("stock", w[1]));
          break;
        default:
          answer = "?";
      }
      System.out.println("> " + answer);
      System.out.flush();
    }
  }
}
