package io.methodcache.agent.engine;

/**
 * The key of a call of a rule's second (third, …) method: the rule's methods share one cache,
 * and only the first method's keys go unwrapped, so a rule that caches one method never
 * allocates a key wrapper.
 */
final class SiteKey {
  private final int site;
  private final Object key;

  SiteKey(int site, Object key) {
    this.site = site;
    this.key = key;
  }

  Object key() {
    return key;
  }

  int site() {
    return site;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SiteKey && site == ((SiteKey) o).site && key.equals(((SiteKey) o).key);
  }

  @Override
  public int hashCode() {
    return 31 * site + key.hashCode();
  }

  @Override
  public String toString() {
    return key.toString();
  }
}
