package io.methodcache.it.mixed.app;

public record Circle(double radius) implements Shape {
  @Override
  public double area() {
    return Math.PI * radius * radius;
  }
}
