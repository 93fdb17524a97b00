package io.methodcache.it.mixed.app;

/** A sealed interface implemented by records, with a default method that calls the records'. */
public sealed interface Shape permits Circle, Square, Triangle {
  double area();

  default String describe() {
    return getClass().getSimpleName() + String.format("[area=%.3f]", area());
  }

  static double total(Shape... shapes) {
    double sum = 0;
    for (Shape s : shapes) {
      sum += s.area();
    }
    return sum;
  }
}
