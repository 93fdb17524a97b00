package io.methodcache.it.apps;

import io.methodcache.it.target.Bodies;
import io.methodcache.it.target.Inventory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Driven by the test over stdin, so steps are sequenced without sleeps. Prints "READY", then answers
 * each {@code call SKU} (or {@code reserve SKU}) with {@code > VALUE BODIES} (the body count after the call); ends on EOF.
 */
public final class InteractiveApp {
  public static void main(String[] args) throws Exception {
    Inventory inventory = new Inventory();
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String raw; (raw = in.readLine()) != null; ) {
      String line = raw.trim();
      if (line.startsWith("call ")) {
        String sku = line.substring(5);
        String value = Report.outcome(() -> inventory.stock(sku));
        System.out.println("> " + value + " " + Bodies.count("stock"));
      } else if (line.startsWith("reserve ")) {
        String sku = line.substring(8);
        String value = Report.outcome(() -> inventory.reserve(sku));
        System.out.println("> " + value + " " + Bodies.count("reserve"));
      } else if (line.equals("exit")) {
        break;
      } else if (!line.isEmpty()) {
        System.out.println("> unknown command: " + line);
      }
      System.out.flush();
    }
  }
}
