package io.methodcache.it.target;

/** Has load(String) and the synthetic bridge load(Object); the rule is StringLoader#load(..). */
public class StringLoader implements Loader<String> {
  @Override
  public String load(String key) {
    Bodies.ran("bridge");
    return "loaded:" + key;
  }
}
