package io.methodcache.it.mixed.app;

/** An enum whose constants have bodies of their own (classes Op$1…), under an {@code Op+} rule. */
public enum Op {
  ADD("+") {
    @Override
    public long apply(long a, long b) {
      return a + b;
    }
  },
  SUB("-") {
    @Override
    public long apply(long a, long b) {
      return a - b;
    }
  },
  MUL("*") {
    @Override
    public long apply(long a, long b) {
      return a * b;
    }
  },
  POW("^") {
    @Override
    public long apply(long a, long b) {
      long r = 1;
      for (int i = 0; i < b; i++) {
        r *= a;
      }
      return r;
    }

    @Override
    public String show(long a, long b) {
      return a + "**" + b;
    }
  };

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  public abstract long apply(long a, long b);

  public String show(long a, long b) {
    return a + " " + symbol + " " + b;
  }

  public String symbol() {
    return symbol;
  }
}
