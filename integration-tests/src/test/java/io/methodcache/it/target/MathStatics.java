package io.methodcache.it.target;

/** Static methods: 0, 1 and 2 arguments, primitive and reference results. */
public final class MathStatics {
  private MathStatics() {}

  public static int answer() {
    Bodies.ran("answer");
    return 42;
  }

  public static String version() {
    Bodies.ran("version");
    return new String("v-" + (6 * 7));
  }

  public static long cube(long n) {
    Bodies.ran("cube");
    return n * n * n;
  }

  public static double hypot(double a, double b) {
    Bodies.ran("hypot");
    return Math.sqrt(a * a + b * b);
  }
}
