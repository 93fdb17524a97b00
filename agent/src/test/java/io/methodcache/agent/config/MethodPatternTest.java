package io.methodcache.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MethodPatternTest {

  private static List<String> params(String... names) {
    return List.of(names);
  }

  @Nested
  class TypeNames {
    @Test
    void exactNameMatchesOnlyItself() {
      MethodPattern p = MethodPattern.parse("com.shop.ProductRepository#findById(long)");
      assertEquals("com.shop.ProductRepository", p.exactTypeName());
      assertFalse(p.subtypes());
      assertTrue(p.matchesTypeName("com.shop.ProductRepository"));
      assertFalse(p.matchesTypeName("com.shop.ProductRepository2"));
      assertFalse(p.matchesTypeName("com.shop.ProductRepositor"));
      assertFalse(p.matchesTypeName("org.com.shop.ProductRepository"));
      assertFalse(p.matchesTypeName(null));
    }

    @ParameterizedTest
    @CsvSource({
        "com.shop.*Repository, com.shop.ProductRepository, true",
        "com.shop.*Repository, com.shop.Repository, true",
        "com.shop.*Repository, com.shop.sub.ProductRepository, false",
        "com.shop.*Repository, com.shop.ProductRepositoryImpl, false",
        "com.shop.*Repository, com.shop.Outer$ProductRepository, true",
        "com.shop.*, com.shop.Anything, true",
        "com.shop.*, com.shop.a.Anything, false",
        "com.*.Dao, com.shop.Dao, true",
        "com.*.Dao, com.Dao, false",
        "com.*.Dao, com.a.b.Dao, false",
        "com.sh*p.*Re*o, com.shop.ProductRepo, true",
        "com.sh*p.*Re*o, com.shp.Repo, true",
        "com.sh*p.*Re*o, com.shop.ProductRepository, false",
        "com.**.Dao, com.Dao, true",
        "com.**.Dao, com.shop.Dao, true",
        "com.**.Dao, com.shop.a.b.Dao, true",
        "com.**.Dao, com.shop.XDao, false",
        "com.**.Dao, org.shop.Dao, false",
        "com.**.Dao, comx.Dao, false",
        "**.Repo, Repo, true",
        "**.Repo, a.b.c.Repo, true",
        "**.Repo, a.b.c.XRepo, false",
        "**.*Repo, a.XRepo, true",
        "com.shop.**, com.shop.Foo, true",
        "com.shop.**, com.shop.a.b.Foo, true",
        "com.shop.**, com.shop, false",
        "com.shop.**, com.shopping.Foo, false",
        "**, anything.At.All, true",
        "com.**.dao.**, com.x.dao.Foo, true",
        "com.**.dao.**, com.dao.Foo, true",
        "com.**.dao.**, com.x.dao, false",
        "com.a.Outer$Inner, com.a.Outer$Inner, true",
        "com.a.Outer$Inner, com.a.Outer, false",
        "com.a.Outer$*, com.a.Outer$Inner, true",
        "com.a.Outer$*, com.a.Outer, false",
    })
    void wildcards(String type, String candidate, boolean expected) {
      MethodPattern p = MethodPattern.parse(type + "#m");
      assertEquals(expected, p.matchesTypeName(candidate), type + " vs " + candidate);
    }

    @Test
    void wildcardTypeHasNoExactName() {
      assertNull(MethodPattern.parse("com.shop.*Repository#find").exactTypeName());
      assertNull(MethodPattern.parse("com.**.Dao#find").exactTypeName());
    }

    @Test
    void plusMeansSubtypesAndKeepsTheExactName() {
      MethodPattern p = MethodPattern.parse("com.shop.Repository+#find*");
      assertTrue(p.subtypes());
      assertEquals("com.shop.Repository", p.exactTypeName());
      assertTrue(p.matchesTypeName("com.shop.Repository"));
      assertFalse(p.matchesTypeName("com.shop.JdbcRepository"), "the hierarchy is the caller's job");
      MethodPattern spaced = MethodPattern.parse("  com.shop.Repository +  # find ");
      assertTrue(spaced.subtypes());
      assertEquals("find", spaced.exactMethodName());
    }
  }

  @Nested
  class MethodNames {
    @Test
    void exactName() {
      MethodPattern p = MethodPattern.parse("a.B#findById");
      assertEquals("findById", p.exactMethodName());
      assertTrue(p.matchesMethodName("findById"));
      assertFalse(p.matchesMethodName("findByIds"));
      assertFalse(p.matchesMethodName(null));
    }

    @ParameterizedTest
    @CsvSource({
        "find*, find, true",
        "find*, findById, true",
        "find*, refind, false",
        "*, anything, true",
        "*ById, findById, true",
        "*ById, findByIdOr, false",
        "get*Name, getName, true",
        "get*Name, getFullName, true",
        "get*Name, getFullNames, false",
        "**, x, true",
    })
    void wildcards(String name, String candidate, boolean expected) {
      MethodPattern p = MethodPattern.parse("a.B#" + name);
      assertNull(p.exactMethodName());
      assertEquals(expected, p.matchesMethodName(candidate), name + " vs " + candidate);
    }

    @Test
    void methodNamedLikeTheTypeIsAllowed() {
      assertTrue(MethodPattern.parse("com.shop.Product#Product()").matchesMethodName("Product"));
    }
  }

  @Nested
  class Parameters {
    @Test
    void noParenthesesMeansEveryOverload() {
      MethodPattern p = MethodPattern.parse("a.B#find");
      assertTrue(p.anyOverload());
      assertEquals(-1, p.exactParameterCount());
      assertTrue(p.matchesParameters(params()));
      assertTrue(p.matchesParameters(params("long", "int")));
    }

    @Test
    void emptyParenthesesMeanNoParameters() {
      MethodPattern p = MethodPattern.parse("a.B#find()");
      assertFalse(p.anyOverload());
      assertEquals(0, p.exactParameterCount());
      assertTrue(p.matchesParameters(params()));
      assertFalse(p.matchesParameters(params("long")));
      assertTrue(MethodPattern.parse("a.B#find(  )").matchesParameters(params()));
    }

    @Test
    void exactList() {
      MethodPattern p = MethodPattern.parse("a.B#find(long, java.lang.String)");
      assertEquals(2, p.exactParameterCount());
      assertTrue(p.matchesParameters(params("long", "java.lang.String")));
      assertFalse(p.matchesParameters(params("java.lang.String", "long")));
      assertFalse(p.matchesParameters(params("long")));
      assertFalse(p.matchesParameters(params("long", "java.lang.String", "int")));
      assertFalse(p.matchesParameters(params("java.lang.Long", "java.lang.String")));
      assertFalse(p.matchesParameters(null));
    }

    @Test
    void javaLangShorthand() {
      MethodPattern p = MethodPattern.parse("a.B#find(String, Long, Object, Integer)");
      assertTrue(p.matchesParameters(
          params("java.lang.String", "java.lang.Long", "java.lang.Object", "java.lang.Integer")));
      assertFalse(p.matchesParameters(params("String", "Long", "Object", "Integer")));
    }

    @Test
    void arraysAndNestedTypes() {
      MethodPattern p = MethodPattern.parse(
          "a.B#m(byte[], java.lang.String[][], String[], com.a.Outer$Inner, com.a.Outer$Inner[])");
      assertTrue(p.matchesParameters(params("byte[]", "java.lang.String[][]", "java.lang.String[]",
          "com.a.Outer$Inner", "com.a.Outer$Inner[]")));
      assertFalse(p.matchesParameters(params("byte", "java.lang.String[][]", "java.lang.String[]",
          "com.a.Outer$Inner", "com.a.Outer$Inner[]")));
      assertTrue(MethodPattern.parse("a.B#m(int [ ] [])").matchesParameters(params("int[][]")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(..)            | ''                     | true",
        "(..)            | long                   | true",
        "(..)            | long,int,byte[]        | true",
        "(long, ..)      | long                   | true",
        "(long, ..)      | long,int               | true",
        "(long, ..)      | int,long               | false",
        "(long, ..)      | ''                     | false",
        "(.., String)    | java.lang.String       | true",
        "(.., String)    | long,java.lang.String  | true",
        "(.., String)    | java.lang.String,long  | false",
        "(long, .., int) | long,int               | true",
        "(long, .., int) | long,byte,char,int     | true",
        "(long, .., int) | long,byte              | false",
        "(.., long, ..)  | long                   | true",
        "(.., long, ..)  | int,long,int           | true",
        "(.., long, ..)  | int,int                | false",
        "(..,long,..,int)| long,byte,int          | true",
        "(..,long,..,int)| int,byte,int           | false",
    })
    void anyParametersAtEveryPosition(String list, String actual, boolean expected) {
      MethodPattern p = MethodPattern.parse("a.B#m" + list.trim());
      List<String> names = actual.isEmpty() ? List.of() : List.of(actual.split(","));
      assertEquals(-1, p.exactParameterCount());
      assertEquals(expected, p.matchesParameters(names), list + " vs " + actual);
    }

    @Test
    void matchesCombinesNameAndParameters() {
      MethodPattern p = MethodPattern.parse("com.shop.*Repository#find*(long, ..)");
      assertTrue(p.matches("findById", params("long")));
      assertTrue(p.matches("findAll", params("long", "int")));
      assertFalse(p.matches("save", params("long")));
      assertFalse(p.matches("findById", params("int")));
    }
  }

  @Test
  void textEqualityAndToString() {
    MethodPattern p = MethodPattern.parse("  a.B#c(long)  ");
    assertEquals("a.B#c(long)", p.text());
    assertEquals("a.B#c(long)", p.toString());
    assertEquals(p, MethodPattern.parse("a.B#c(long)"));
    assertEquals(p.hashCode(), MethodPattern.parse("a.B#c(long)").hashCode());
  }

  @Nested
  class Errors {
    private String error(String text) {
      return assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(text))
          .getMessage();
    }

    @Test
    void missingHashShowsTheShapeAndACorrection() {
      String m = error("com.shop.ProductRepository.findById(long)");
      assertTrue(m.startsWith("expected Type#method(params), e.g."
          + " com.shop.ProductRepository#findById(long); '#' is missing"), m);
      assertTrue(m.contains("e.g. com.shop.ProductRepository#findById(long))"), m);
      assertTrue(error("com.shop.ProductRepository").contains("'#' is missing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void empty(String text) {
      assertTrue(error(text).contains("empty"));
      assertTrue(error(text).contains("e.g. com.shop.ProductRepository#findById(long)"));
    }

    @Test
    void nullText() {
      assertTrue(error(null).contains("empty"));
    }

    @Test
    void emptyParts() {
      assertTrue(error("#find").contains("the type before '#' is missing"));
      assertTrue(error("+#find").contains("the type before '#' is missing"));
      assertTrue(error("a.B#").contains("method name after '#' is missing"));
      assertTrue(error("a.B#(long)").contains("method name after '#' is missing"));
      assertTrue(error("a..B#c").contains("empty name segment"));
      assertTrue(error(".a.B#c").contains("empty name segment"));
      assertTrue(error("a.B.#c").contains("empty name segment"));
      assertTrue(error("a.B#a#c").contains("more than one '#'"));
    }

    @Test
    void constructorsAreRejected() {
      String m = error("com.shop.Product#<init>(long)");
      assertTrue(m.contains("constructor"), m);
      assertTrue(m.contains("e.g. com.shop.ProductRepository#findById(long)"), m);
      assertTrue(error("com.shop.Product#<clinit>").contains("constructor or initialiser"));
    }

    @Test
    void badCharacters() {
      String m = error("com.my-shop.Repo#find");
      assertTrue(m.contains("'-' at position 3"), m);
      assertTrue(m.contains("e.g. com.shop.ProductRepository"), m);
      assertTrue(error("com.shop.Repo#find-all").contains("'-' at position 5"));
      assertTrue(error("com.1shop.Repo#find").contains("cannot start with a digit"));
      assertTrue(error("com.shop.Re po#find").contains("a space"));
      assertTrue(error("com/shop/Repo#find").contains("e.g. com.shop.Repo"));
      assertTrue(error("com.shop.Repo#Repo.find").contains("contains '.'"));
      assertTrue(error("java.util.List<String>#get").contains("generics are erased"));
      assertTrue(error("com.a**.Repo#find").contains("'**' must be a whole segment"));
      assertTrue(error("com.**.**.Repo#find").contains("repeats '**'"));
    }

    @Test
    void unbalancedParentheses() {
      assertTrue(error("a.B#find(long").contains("')' is missing"));
      assertTrue(error("a.B#findlong)").contains("'(' is missing"));
      assertTrue(error("a.B#find)long(").contains("unbalanced parentheses"));
      assertTrue(error("a.B#find((long))").contains("nested '('"));
      assertTrue(error("a.B#find(long) x").contains("unexpected 'x' after ')'"));
      assertTrue(error("a.B#find(long)(int)").contains("after ')'"));
    }

    @Test
    void badParameters() {
      assertTrue(error("a.B#find(long,)").contains("parameter 2 of 'a.B#find(long,)' is empty"));
      assertTrue(error("a.B#find(,long)").contains("parameter 1"));
      assertTrue(error("a.B#find(.., ..)").contains("'..' twice in a row"));
      assertTrue(error("a.B#find(long..)").contains("separate them with ','"));
      assertTrue(error("a.B#find(ProductId)").contains("e.g. com.shop.ProductId"));
      assertTrue(error("a.B#find(lon)").contains("not a primitive and not fully qualified"));
      assertTrue(error("a.B#find(void)").contains("write () for a method without parameters"));
      assertTrue(error("a.B#find(String...)").contains("e.g. String[]"));
      assertTrue(error("a.B#find(java.util.List<String>)").contains("write the raw type"));
      assertTrue(error("a.B#find(java.lang.*)").contains("use '..' for any parameters"));
      assertTrue(error("a.B#find(byte[)").contains("brackets"));
      assertTrue(error("a.B#find(byte])").contains("brackets"));
      assertTrue(error("a.B#find(by[]te)").contains("brackets"));
      assertTrue(error("a.B#find(java..String)").contains("'..'"));
      assertTrue(error("a.B#find(java.lang.)").contains("empty name segment"));
      assertTrue(error("a.B#find(java.lang. String)").contains("a space"));
    }
  }
}
