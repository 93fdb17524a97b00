package io.methodcache.it.apps.reload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reload and operator-command tests' app. Prints "READY", then answers each stdin line with
 * one {@code > } line: {@code balance ID} -> {@code > balance(ID)=N} and {@code audit ID} ->
 * {@code > audit(ID)=N} (N: how often the body computed that id, so a cached call repeats N);
 * {@code deposit ID} and {@code flush} call void methods ({@code > done}).
 */
public final class LedgerApp {
  /** The application class the rules name. */
  public static final class Ledger {
    private final Map<String, AtomicInteger> computed = new ConcurrentHashMap<>();

    public String balance(long account) {
      return "balance(" + account + ")=" + count("balance", account);
    }

    public String audit(long account) {
      return "audit(" + account + ")=" + count("audit", account);
    }

    /** A write: evicts balance(account) when a write rule names it. */
    public void deposit(long account) {
      count("deposit", account);
    }

    /** Returns nothing: a caching rule naming it exactly is a problem. */
    public void flush() {
      computed.clear();
    }

    private int count(String what, long account) {
      return computed.computeIfAbsent(what + account, k -> new AtomicInteger()).incrementAndGet();
    }
  }

  public static void main(String[] args) throws Exception {
    Ledger ledger = new Ledger();
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String raw; (raw = in.readLine()) != null; ) {
      String[] w = raw.trim().split("\\s+");
      String answer;
      switch (w[0]) {
        case "balance": answer = ledger.balance(Long.parseLong(w[1])); break;
        case "audit": answer = ledger.audit(Long.parseLong(w[1])); break;
        case "deposit": ledger.deposit(Long.parseLong(w[1])); answer = "done"; break;
        case "flush": ledger.flush(); answer = "done"; break;
        case "exit": return;
        default: answer = "unknown command: " + raw;
      }
      System.out.println("> " + answer);
      System.out.flush();
    }
  }
}
