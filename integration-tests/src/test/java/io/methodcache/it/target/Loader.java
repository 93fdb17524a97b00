package io.methodcache.it.target;

/** A generic interface: implementing it with a concrete type makes javac add a bridge method. */
public interface Loader<T> {
  T load(T key);
}
