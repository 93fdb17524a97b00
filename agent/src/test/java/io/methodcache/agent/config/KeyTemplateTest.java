package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyTemplateTest {

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parse(text)).getMessage();
  }

  @Test
  void singleArgument() {
    KeyTemplate t = KeyTemplate.parse("{0}");
    assertEquals("{0}", t.text());
    assertTrue(t.isSingleArgument());
    assertEquals(0, t.maxArgumentIndex());
    assertEquals(1, t.parts().size());
    KeyTemplate.Part p = t.parts().get(0);
    assertFalse(p.isLiteral());
    assertEquals(0, p.argumentIndex());
    assertEquals(List.of(), p.path());
    assertEquals(null, p.literal());
    assertTrue(KeyTemplate.parse("{3}").isSingleArgument());
  }

  @Test
  void pathsAndLiterals() {
    KeyTemplate t = KeyTemplate.parse("{1.customer.id}/{0}");
    assertFalse(t.isSingleArgument());
    assertEquals(1, t.maxArgumentIndex());
    assertEquals(3, t.parts().size());
    assertEquals(1, t.parts().get(0).argumentIndex());
    assertEquals(List.of("customer", "id"), t.parts().get(0).path());
    assertTrue(t.parts().get(1).isLiteral());
    assertEquals("/", t.parts().get(1).literal());
    assertEquals(-1, t.parts().get(1).argumentIndex());
    assertEquals(0, t.parts().get(2).argumentIndex());
    assertEquals(2, t.placeholders().size());
    assertEquals(List.of(t.parts().get(0), t.parts().get(2)), t.placeholders());
  }

  @Test
  void literalAroundPlaceholders() {
    KeyTemplate t = KeyTemplate.parse("user:{0.name}-{2}");
    assertEquals(List.of("user:", "{0.name}", "-", "{2}"),
        t.parts().stream().map(KeyTemplate.Part::toString).collect(java.util.stream.Collectors.toList()));
    assertEquals(2, t.maxArgumentIndex());
    assertFalse(t.isSingleArgument());
    assertFalse(KeyTemplate.parse("{0.id}").isSingleArgument(), "a path is not the argument itself");
    assertFalse(KeyTemplate.parse("x{0}").isSingleArgument(), "literal text makes it a string");
    assertFalse(KeyTemplate.parse("{0}{1}").isSingleArgument());
  }

  @Test
  void doubledBracesAreLiteral() {
    KeyTemplate t = KeyTemplate.parse("{{id}}={0}");
    assertEquals(2, t.parts().size());
    assertEquals("{id}=", t.parts().get(0).literal());
    assertEquals(0, t.parts().get(1).argumentIndex());
    KeyTemplate u = KeyTemplate.parse("{0}}}");
    assertEquals("}", u.parts().get(1).literal());
  }

  @Test
  void spacesAreLiteralText() {
    KeyTemplate t = KeyTemplate.parse(" {0} ");
    assertEquals(3, t.parts().size());
    assertEquals(" ", t.parts().get(0).literal());
  }

  @Test
  void equality() {
    assertEquals(KeyTemplate.parse("{0.a}"), KeyTemplate.parse("{0.a}"));
    assertEquals(KeyTemplate.parse("{0.a}").hashCode(), KeyTemplate.parse("{0.a}").hashCode());
    assertEquals("{0.a}", KeyTemplate.parse("{0.a}").toString());
  }

  @Test
  void unclosedBrace() {
    String m = error("user:{0");
    assertTrue(m.startsWith("unclosed '{' at position 6 of 'user:{0'"), m);
    assertTrue(m.contains("close the placeholder with '}' or write '{{'"), m);
    assertTrue(error("{0{1}").contains("unclosed '{' at position 1"));
  }

  @Test
  void unmatchedClosingBrace() {
    String m = error("{0}x}");
    assertTrue(m.contains("unmatched '}' at position 5"), m);
    assertTrue(m.contains("'}}'"), m);
  }

  @Test
  void emptyPlaceholder() {
    String m = error("a{}b");
    assertTrue(m.startsWith("empty placeholder '{}' at position 2"), m);
    assertTrue(m.contains("e.g. {0}"), m);
    assertTrue(error("{ }").startsWith("empty placeholder"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{name}", "{x.name}", "{-1}", "{.a}", "{a0}", "{ 0}"})
  void nonNumericIndex(String text) {
    String m = error(text);
    assertTrue(m.contains("must start with an argument index (0 is the first argument)"), m);
  }

  @Test
  void nonNumericIndexSuggestsAPath() {
    assertTrue(error("{customer}").contains("e.g. {0} or {0.customer}"));
  }

  @Test
  void indexTooLarge() {
    assertTrue(error("{255}").contains("too large"));
    assertTrue(error("{99999999999999}").contains("too large"));
    assertEquals(254, KeyTemplate.parse("{254}").maxArgumentIndex());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{0.}", "{0..a}", "{0.1a}", "{0.a-b}", "{0.a b}"})
  void badPropertyName(String text) {
    String m = error(text);
    assertTrue(m.contains("is not a Java name"), m);
    assertTrue(m.contains("e.g. {0.customer.id}"), m);
  }

  @Test
  void noPlaceholder() {
    String m = error("constant");
    assertTrue(m.contains("a key template must name at least one argument, e.g. \"{0}\""), m);
    assertTrue(error("{{0}}").contains("at least one argument"));
    assertTrue(error("").contains("at least one argument"));
    assertTrue(error(null).contains("empty"));
  }

  @Test
  void tagsMayBeConstant() {
    KeyTemplate t = KeyTemplate.parseTag("catalog");
    assertTrue(t.isConstant());
    assertEquals(-1, t.maxArgumentIndex());
    assertEquals(List.of(), t.placeholders());
    assertFalse(t.isSingleArgument());
    assertEquals("catalog", t.parts().get(0).literal());
    KeyTemplate p = KeyTemplate.parseTag("product:{0.id}");
    assertFalse(p.isConstant());
    assertEquals(0, p.maxArgumentIndex());
    assertFalse(KeyTemplate.parse("{0}").isConstant());
  }

  @Test
  void tagErrorsShowTagExamples() {
    String e = assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parseTag("p:{0"))
        .getMessage();
    assertTrue(e.endsWith("e.g. \"product:{0}\" or \"catalog\""), e);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parseTag(" "))
        .getMessage().startsWith("the tag is empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parseTag(null))
        .getMessage().startsWith("the tag is empty"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyTemplate.parseTag("{x}"))
        .getMessage().contains("must start with an argument index"));
    assertTrue(error("k:{0").endsWith("e.g. \"{0}\" or \"{1.customer.id}/{0}\""),
        "key templates keep their own example");
  }

  @Test
  void shapeIgnoresWhatThePlaceholdersSelect() {
    assertEquals("product:{}", KeyTemplate.parseTag("product:{0}").shape());
    assertEquals("product:{}", KeyTemplate.parseTag("product:{1.id}").shape());
    assertEquals("{}/{}", KeyTemplate.parse("{1}/{0.a}").shape());
    assertEquals("catalog", KeyTemplate.parseTag("catalog").shape());
    assertEquals("x{{}}{}", KeyTemplate.parseTag("x{{}}{0}").shape(), "literal braces stay doubled");
  }
}
