package io.methodcache.it.target.deep.nested;

import io.methodcache.it.target.Bodies;

/** Matched by a {@code **} package wildcard: {@code io.methodcache.**.Finder#find(long)}. */
public class Finder {
  public String find(long id) {
    Bodies.ran("finder");
    return "found-" + id;
  }
}
