package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** Like {@link BaseQuotes}, but a plain instance of the base is called before the subclass. */
public class BaseLabels {
  public String label(String text) {
    Bodies.ran("baseLabel");
    return "<" + text + ">";
  }
}
