package io.methodcache.it.webapp;

/** A result type defined by the web app itself: each web-app class loader has its own Page class. */
public final class Page {
  private final String title;

  public Page(String title) {
    this.title = title;
  }

  public String title() { return title; }

  @Override
  public boolean equals(Object o) {
    return o instanceof Page && ((Page) o).title.equals(title);
  }

  @Override
  public int hashCode() { return title.hashCode(); }

  @Override
  public String toString() { return "Page(" + title + ")"; }
}
