package io.methodcache.it.mixed.app;

public record Square(double side) implements Shape {
  @Override
  public double area() {
    return side * side;
  }

  @Override
  public String describe() {
    return "square of side " + side + " (" + Shape.super.describe() + ")";
  }
}
