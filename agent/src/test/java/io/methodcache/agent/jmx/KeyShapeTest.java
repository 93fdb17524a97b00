package io.methodcache.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.methodcache.agent.config.KeyTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which texts can never be a key of a rule, and which it must never call impossible. */
class KeyShapeTest {
  private static final List<String> BY_ID = List.of("com.shop.Repo#find(long)");

  @Test
  void aLongKeyIsDigits() {
    assertEquals("find(long) renders its keys as its arguments joined with ',' (long), e.g. 42",
        KeyShape.impossible("abc", null, BY_ID));
    assertNull(KeyShape.impossible("42", null, BY_ID));
    assertNull(KeyShape.impossible("-7", null, BY_ID));
    assertEquals(null, KeyShape.impossible("com.shop.Repo#find(long):42", null, BY_ID),
        "with the method's prefix, as keys of a rule caching several methods show it");
  }

  @Test
  void severalArgumentsAndTheirTypes() {
    List<String> m = List.of("com.shop.Repo#find(int, boolean, java.lang.String, double)");
    assertNull(KeyShape.impossible("1,true,any text\\, escaped,4.5", null, m));
    assertNull(KeyShape.impossible("1,false,,NaN", null, m));
    assertEquals("find(int, boolean, java.lang.String, double) renders its keys as its"
        + " arguments joined with ',' (int, boolean, java.lang.String, double), e.g. 42,true,…,4.2",
        KeyShape.impossible("1,yes,x,4.5", null, m));
    assertEquals(null, KeyShape.impossible("\\0", null, List.of("a.B#f(java.lang.Long)")),
        "a null boxed argument");
    assertEquals("f() renders its keys as the empty text (it has one key)",
        KeyShape.impossible("x", null, List.of("a.B#f()")));
  }

  @Test
  void templatesKeepTheirLiteralsAndJudgeOnlyPlainArguments() {
    KeyTemplate t = KeyTemplate.parse("user:{0}");
    assertNull(KeyShape.impossible("user:42", t, BY_ID));
    assertEquals("find(long) renders its keys as key \"user:{0}\", e.g. user:42",
        KeyShape.impossible("42", t, BY_ID));
    // a property path: any text (its type is not known here)
    assertNull(KeyShape.impossible("abc", KeyTemplate.parse("{0.id}"), BY_ID));
  }

  @Test
  void unknownShapesAreNeverImpossible() {
    assertNull(KeyShape.impossible("abc", null, List.of()), "no method loaded here");
    assertNull(KeyShape.impossible("abc", null, List.of("a.B#f(com.shop.Id)")));
    assertNull(KeyShape.impossible("abc", null, List.of("a.B#f(long)", "a.B#g(java.lang.String)")),
        "one method of the rule can have it");
  }
}
