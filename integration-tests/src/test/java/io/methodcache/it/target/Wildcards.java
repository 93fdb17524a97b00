package io.methodcache.it.target;

/** One rule {@code Wildcards#*(int)} matches alpha and beta; {@code gamma(..)} any parameters. */
public class Wildcards {
  public String alpha(int x) {
    Bodies.ran("alpha");
    return "alpha" + x;
  }

  public String beta(int x) {
    Bodies.ran("beta");
    return "beta" + x;
  }

  public String gamma(int x, String y) {
    Bodies.ran("gamma");
    return "gamma" + x + y;
  }
}
