package io.methodcache.bench.startup;

/**
 * The tiny application of the start-up measurement: it loads its twenty service classes (S01 to
 * S20, each named by a rule of rules/startup.yaml), calls each service's method twice with the
 * same argument and prints how many bodies ran: 40 without the agent, 20 with it (every second
 * call is a hit), which proves the rules matched.
 */
public final class StartupApp {
  static int bodies;

  private StartupApp() {}

  public static void main(String[] args) {
    int sum = 0;
    for (int round = 0; round < 2; round++) {
      sum += new S01().get(1).length() + new S02().get(2).length() + new S03().get(3).length()
          + new S04().get(4).length() + new S05().get(5).length() + new S06().get(6).length()
          + new S07().get(7).length() + new S08().get(8).length() + new S09().get(9).length()
          + new S10().get(10).length() + new S11().get(11).length() + new S12().get(12).length()
          + new S13().get(13).length() + new S14().get(14).length() + new S15().get(15).length()
          + new S16().get(16).length() + new S17().get(17).length() + new S18().get(18).length()
          + new S19().get(19).length() + new S20().get(20).length();
    }
    System.out.println("bodies=" + bodies + " sum=" + sum);
  }
}
