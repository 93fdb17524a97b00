package io.methodcache.it.mixed.app;

final class Formatters {
  private Formatters() {}

  static Formatter anonymous(String unit) {
    return new Formatter() {
      @Override
      public String format(int value) {
        return value + " " + unit;
      }
    };
  }

  static Formatter local(int width) {
    class Padded implements Formatter {
      @Override
      public String format(int value) {
        return String.format("%" + width + "d", value);
      }
    }
    return new Padded();
  }

  static Formatter lambda(String prefix) {
    return value -> prefix + value;
  }
}
