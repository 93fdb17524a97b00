package io.methodcache.bench;

import java.io.Serializable;

/**
 * The result of the L2 rows: a small serializable value of the kind a repository returns (a few
 * fields, one of them text), so that decoding reads a class descriptor and fields, as it would
 * for an application's DTO. About 170 bytes serialized.
 */
public final class Item implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String text;
  private final int score;
  private final long version;

  public Item(String key, String text, int score, long version) {
    this.key = key;
    this.text = text;
    this.score = score;
    this.version = version;
  }

  public String key() { return key; }
  public String text() { return text; }
  public int score() { return score; }
  public long version() { return version; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Item)) {
      return false;
    }
    Item i = (Item) o;
    return score == i.score && version == i.version && key.equals(i.key) && text.equals(i.text);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + score;
  }

  @Override
  public String toString() {
    return "Item{" + key + ", " + text + ", " + score + ", " + version + "}";
  }
}
