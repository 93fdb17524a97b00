package io.methodcache.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static Args parse(String... tokens) throws CliException {
    return Args.parse(List.of(tokens), Set.of("--force", "--json"), Set.of("--rule", "--classpath"),
        Map.of("-cp", "--classpath"));
  }

  private static void usageError(String expectedMessagePart, String... tokens) {
    CliException e = assertThrows(CliException.class, () -> parse(tokens));
    assertEquals(Main.USAGE, e.status());
    assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
  }

  @Test
  void positionalsFlagsAndValuesInAnyOrder() throws Exception {
    Args a = parse("--force", "123", "--rule", "stock", "rules.yaml", "--json");
    assertEquals(List.of("123", "rules.yaml"), a.positionals());
    assertTrue(a.flag("--force"));
    assertTrue(a.flag("--json"));
    assertEquals("stock", a.value("--rule"));
    assertFalse(a.help());
  }

  @Test
  void valueAfterEqualsSignAndAliases() throws Exception {
    Args a = parse("--rule=a=b", "-cp", "x.jar:y");
    assertEquals("a=b", a.value("--rule"));
    assertEquals("x.jar:y", a.value("--classpath"));
    assertNull(parse("1").value("--rule"));
  }

  @Test
  void helpInEitherSpelling() throws Exception {
    assertTrue(parse("--help").help());
    assertTrue(parse("1", "-h").help());
  }

  @Test
  void aSingleDashTokenThatIsNoOptionIsAPositional() throws Exception {
    assertEquals(List.of("1", "rule", "-5"), parse("1", "rule", "-5").positionals());
    assertEquals(List.of("-"), parse("-").positionals());
  }

  @Test
  void doubleDashEndsTheOptions() throws Exception {
    Args a = parse("1", "--", "--json", "--x");
    assertEquals(List.of("1", "--json", "--x"), a.positionals());
    assertFalse(a.flag("--json"));
  }

  @Test
  void mistakesAreUsageErrors() {
    usageError("unknown option --frce", "--frce");
    usageError("--rule needs a value", "1", "--rule");
    usageError("--rule given twice", "--rule", "a", "--rule", "b");
    usageError("--force takes no value", "--force=yes");
  }

  @Test
  void expectCountsPositionals() throws Exception {
    assertEquals("missing PID", assertThrows(CliException.class,
        () -> parse().expect(1, 1, "PID")).getMessage());
    assertEquals("unexpected argument 'b'", assertThrows(CliException.class,
        () -> parse("a", "b").expect(1, 1, "PID")).getMessage());
    parse("a", "b").expect(1, 2, "x");
  }

  @Test
  void pids() throws Exception {
    assertEquals(4242L, Args.pid("4242"));
    for (String bad : new String[] {"0", "-1", "abc", "12x", ""}) {
      CliException e = assertThrows(CliException.class, () -> Args.pid(bad));
      assertEquals(Main.USAGE, e.status());
    }
  }

  @Test
  void onOff() throws Exception {
    assertTrue(Args.onOff("on"));
    assertTrue(Args.onOff("ON"));
    assertTrue(Args.onOff("true"));
    assertFalse(Args.onOff("off"));
    assertFalse(Args.onOff("disable"));
    assertEquals(Main.USAGE, assertThrows(CliException.class, () -> Args.onOff("maybe")).status());
  }

  @Test
  void seconds() throws Exception {
    assertEquals(0L, Args.seconds("--wait", "0"));
    assertEquals(15L, Args.seconds("--wait", "15"));
    assertEquals(Main.USAGE,
        assertThrows(CliException.class, () -> Args.seconds("--wait", "-1")).status());
  }
}
