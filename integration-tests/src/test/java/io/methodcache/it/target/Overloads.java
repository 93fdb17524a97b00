package io.methodcache.it.target;

/** A rule without parentheses, {@code Overloads#pick}, covers every overload. */
public class Overloads {
  public String pick(int x) {
    Bodies.ran("pick(int)");
    return "int" + x;
  }

  public String pick(String x) {
    Bodies.ran("pick(String)");
    return "string" + x;
  }

  public String pick(int x, int y) {
    Bodies.ran("pick(int,int)");
    return "pair" + x + "," + y;
  }
}
