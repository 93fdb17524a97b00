package io.methodcache.agent.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.methodcache.agent.config.KeyTemplate;
import java.util.List;

/**
 * A rule's tags ({@code tags:}): renders them from a call's arguments and keeps one
 * {@link TagVersion} per tag text. Versions are held weakly: a tag no entry or load refers to any
 * more is forgotten (there is nothing left for it to invalidate), so the table stays as small as
 * the cache it serves.
 */
final class RuleTags {
  private final KeyRenderer[] renderers;
  private final String[] shapes;
  /**
   * Moves with every eviction of any tag of this rule: the stamp of entries whose own tags are
   * unknown (a put's value: the write method cannot render them), which any tag eviction drops.
   */
  private final TagVersion anyTag = new TagVersion("*");
  private final Cache<String, TagVersion> versions = Caffeine.newBuilder()
      .weakValues()
      .executor(Maintenance.EXECUTOR)
      .build();

  private RuleTags(List<KeyTemplate> templates) {
    renderers = new KeyRenderer[templates.size()];
    shapes = new String[templates.size()];
    for (int i = 0; i < renderers.length; i++) {
      renderers[i] = new KeyRenderer(templates.get(i));
      shapes[i] = templates.get(i).shape();
    }
  }

  /** Null for a rule without tags. */
  static RuleTags of(List<KeyTemplate> templates) {
    return templates.isEmpty() ? null : new RuleTags(templates);
  }

  /** The call's tags, stamped now (before its body runs). */
  TagStamps capture(Object[] args) {
    TagVersion[] tags = new TagVersion[renderers.length];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = version(renderers[i].render(args));
    }
    return new TagStamps(tags);
  }

  /** Stamps for a value whose tags are unknown: stale after any tag eviction of this rule. */
  TagStamps unknownTags() {
    return new TagStamps(new TagVersion[] {anyTag});
  }

  TagVersion version(String tag) {
    return versions.get(tag, TagVersion::new);
  }

  /** Whether an eviction of a tag rendered from a template of this shape can concern this rule. */
  boolean mayCarry(String shape) {
    for (String s : shapes) {
      if (s.equals(shape)) {
        return true;
      }
    }
    return false;
  }

  /**
   * An eviction of {@code tag}: every entry carrying it is stale from now on, and so is every
   * load in flight that rendered it (its stamps hold the version, which keeps it in the table). A
   * tag missing from the table is carried by nothing here.
   */
  void bump(String tag) {
    anyTag.bump();
    TagVersion v = versions.getIfPresent(tag);
    if (v != null) {
      v.bump();
    }
  }

  /** A gap in the invalidation log: no shared version can be trusted until read again. */
  void forgetShared() {
    for (TagVersion v : versions.asMap().values()) {
      v.forgetShared();
    }
  }
}
