package io.methodcache.it.target;

import java.util.Arrays;
import java.util.List;

/** Instance methods of every result type and 0, 1, 2, 3 and 6 arguments, arrays among them. */
public class Calculator {
  public String label() {
    Bodies.ran("label");
    return new String("calculator-v1");
  }

  public int square(int x) {
    Bodies.ran("square");
    return x * x;
  }

  public double ratio(int a, int b) {
    Bodies.ran("ratio");
    return (double) a / b;
  }

  public boolean isPrime(int n) {
    Bodies.ran("is-prime");
    if (n < 2) return false;
    for (int d = 2; d * d <= n; d++) {
      if (n % d == 0) return false;
    }
    return true;
  }

  public byte lowByte(int x) {
    Bodies.ran("low-byte");
    return (byte) x;
  }

  public short half(short x) {
    Bodies.ran("half");
    return (short) (x / 2);
  }

  public char initial(String s) {
    Bodies.ran("initial");
    return Character.toUpperCase(s.charAt(0));
  }

  public float third(float x) {
    Bodies.ran("third");
    return x / 3;
  }

  public String join3(String a, int b, long c) {
    Bodies.ran("join3");
    return a + "|" + b + "|" + c;
  }

  public String six(int a, long b, double c, boolean d, String e, char f) {
    Bodies.ran("six");
    return a + "/" + b + "/" + c + "/" + d + "/" + e + "/" + f;
  }

  public int sum(int[] values) {
    Bodies.ran("sum");
    int total = 0;
    for (int v : values) total += v;
    return total;
  }

  public String concat(String[] parts) {
    Bodies.ran("concat");
    return String.join("+", parts);
  }

  public int total(int[][] grid) {
    Bodies.ran("total");
    int t = 0;
    for (int[] row : grid) for (int v : row) t += v;
    return t;
  }

  public List<String> words(String sentence) {
    Bodies.ran("words");
    return Arrays.asList(sentence.split(" "));
  }

  /** Its rule says {@code enabled: false}. */
  public int disabled(int x) {
    Bodies.ran("disabled");
    return x + 1;
  }

  public String joinAll(String separator, String... parts) {
    Bodies.ran("varargs");
    return String.join(separator, parts);
  }

  public String describe(String s) {
    Bodies.ran("null-arg");
    return "described:" + s;
  }

  public long ten(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, long a9) {
    Bodies.ran("ten");
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
  }

  public synchronized String locked(String s) {
    Bodies.ran("synchronized");
    return "locked:" + s;
  }

  public int callSecret(int x) {
    return secret(x);
  }

  private int secret(int x) {
    Bodies.ran("private");
    return x * 1000;
  }

  /** One overload delegates to the other with the same key, under one rule: no self-deadlock. */
  public String delegate(String key) {
    Bodies.ran("delegate(String)");
    return delegate(key, true);
  }

  public String delegate(String key, boolean loud) {
    Bodies.ran("delegate(String,boolean)");
    return loud ? key.toUpperCase() : key;
  }
}
