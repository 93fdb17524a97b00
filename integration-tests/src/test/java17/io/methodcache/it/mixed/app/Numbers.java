package io.methodcache.it.mixed.app;

/** Primitives of every kind, arrays in and out, varargs, and a cached recursion. */
public final class Numbers {
  private Numbers() {}

  public static long fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  public static int sum(int... values) {
    int s = 0;
    for (int v : values) {
      s += v;
    }
    return s;
  }

  public static double max(double first, double... rest) {
    double m = first;
    for (double d : rest) {
      m = Math.max(m, d);
    }
    return m;
  }

  public static int[] histogram(byte[] data, int buckets) {
    int[] h = new int[buckets];
    for (byte b : data) {
      h[(b & 0xff) % buckets]++;
    }
    return h;
  }

  public static long[][] identity(int n) {
    long[][] m = new long[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  public static boolean isPrime(long n) {
    if (n < 2) {
      return false;
    }
    for (long d = 2; d * d <= n; d++) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  public static float half(float f) {
    return f / 2;
  }

  public static short twice(short s) {
    return (short) (s * 2);
  }

  public static byte low(int v) {
    return (byte) v;
  }

  public static char upper(char c) {
    return Character.toUpperCase(c);
  }

  public static double inverse(double d) {
    return 1 / d;
  }

  public static String reversed(char[] chars) {
    return new StringBuilder(new String(chars)).reverse().toString();
  }

  public static String flags(boolean a, boolean b, boolean c) {
    return (a ? "A" : "a") + (b ? "B" : "b") + (c ? "C" : "c");
  }

  public static String describe(Object[] values) {
    return values.getClass().getSimpleName() + java.util.Arrays.deepToString(values);
  }
}
