package io.methodcache.sample;

import java.io.Serializable;
import java.util.Objects;

/** A row of the {@code categories} table. */
public final class Category implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int id;
  private final String name;

  public Category(int id, String name) {
    this.id = id;
    this.name = name;
  }

  public int getId() { return id; }
  public String getName() { return name; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Category && ((Category) o).id == id && ((Category) o).name.equals(name);
  }

  @Override
  public int hashCode() { return Objects.hash(id, name); }

  @Override
  public String toString() { return "Category[" + id + " " + name + "]"; }
}
