package io.methodcache.it.target;

/** The rule {@code Repo+#load(int)} covers every implementation. */
public interface Repo {
  String load(int id);
}
