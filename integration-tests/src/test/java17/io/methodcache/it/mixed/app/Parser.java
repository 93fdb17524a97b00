package io.methodcache.it.mixed.app;

import java.io.FileNotFoundException;
import java.io.IOException;

/** Methods that throw (unchecked and checked) for some arguments and return for others. */
public final class Parser {
  public int parseInt(String text) {
    return Integer.parseInt(text.trim());
  }

  public String load(String name) throws IOException {
    if (name.startsWith("missing")) {
      throw new FileNotFoundException(name + " (no such file)");
    }
    return "contents of " + name;
  }

  public int checkedDivide(int a, int b) {
    if (b == 0) {
      throw new ArithmeticException("divide " + a + " by zero");
    }
    return a / b;
  }
}
