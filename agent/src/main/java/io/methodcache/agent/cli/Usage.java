package io.methodcache.agent.cli;

/** The help texts: {@code --help} prints them on stdout, a usage error the first line on stderr. */
final class Usage {
  private Usage() {}

  static final String JAR = "java -jar methodcache-agent.jar";

  static final String EXIT =
      "exit status: 0 ok; 1 problems found or the operation failed; 2 wrong usage;\n"
      + "  3 cannot reach the JVM (no such process, attach refused) or no methodcache agent runs in it";

  static final String MAIN = "usage: " + JAR + " COMMAND [ARGS]\n"
      + "\n"
      + "commands:\n"
      + "  validate RULES [--classpath CP]     check a rules file; with a class path, list the\n"
      + "                                      methods each rule matches\n"
      + "  attach PID RULES [--force] [--wait SECONDS]\n"
      + "                                      load the agent into a running JVM\n"
      + "  stats PID [--rule NAME] [--json]    every rule's figures, read over local JMX\n"
      + "  toggle PID RULE on|off              switch one rule on or off\n"
      + "  toggle PID --all on|off             switch the whole agent on or off\n"
      + "  invalidate PID RULE [KEY|--tag TAG] drop one entry, those tagged TAG, or all of a rule's\n"
      + "  reload PID                          re-read the rules file in that JVM\n"
      + "  help [COMMAND]                      this text, or a command's\n"
      + "\n"
      + "PID is a process id (jps or jcmd lists Java processes).\n"
      + "'" + JAR + " COMMAND --help' describes a command and its output.\n"
      + "Errors go to stderr, one per line, starting with 'error: '.\n"
      + EXIT + "\n";

  static final String VALIDATE = "usage: " + JAR + " validate RULES [--classpath CP]\n"
      + "\n"
      + "Parses RULES as the agent would. Every problem goes to stderr as\n"
      + "  FILE:LINE:COL: rule 'NAME': message\n"
      + "Without --classpath, stdout has one line per valid rule:\n"
      + "  ok RULE PATTERN\n"
      + "then '<n> valid rule(s), <m> problem(s) in FILE'.\n"
      + "\n"
      + "--classpath CP (also -cp): jars and class directories separated by '" + java.io.File.pathSeparator
      + "' ('DIR/*' = the jars\n"
      + "in DIR; a Spring Boot jar's BOOT-INF/classes and a war's WEB-INF/classes are read too).\n"
      + "Class files are read, never loaded or initialised, and matched as the agent matches them:\n"
      + "methods the class declares; constructors, bridge and synthetic methods are never matched.\n"
      + "For each rule, in file order, stdout lists (fields separated by spaces; METHOD has none):\n"
      + "  match RULE METHOD -> RETURN            the agent caches this method\n"
      + "  void RULE METHOD -> void -- ...        matched but returns void: not cacheable, skipped\n"
      + "  abstract RULE METHOD -> RETURN -- ...  matched but has no body (interface/abstract)\n"
      + "  taken RULE METHOD -> RETURN -- ...     already matched by an earlier rule: skipped\n"
      + "  nothing RULE -- REASON                 the rule caches no method of the class path\n"
      + "METHOD is Type#method(param,param). Then the summary line, and\n"
      + "  <c> class(es) on the class path, <n> method(s) matched, <k> rule(s) match nothing\n"
      + "stderr also has one 'unreadable CLASS -- reason' line per class that could not be read.\n"
      + "Problems only a class path reveals (an exactly named method that returns void, a key\n"
      + "naming a missing argument, a method two rules match) are printed like parse problems.\n"
      + "\n"
      + "exit status: 0 valid; 1 problems, or a rule matches nothing on the class path;\n"
      + "  2 wrong usage (or RULES / a class path entry cannot be read)\n";

  static final String ATTACH = "usage: " + JAR + " attach PID RULES [--force] [--wait SECONDS]\n"
      + "\n"
      + "Loads this agent jar into the running JVM PID (through the Attach API), with RULES (made\n"
      + "absolute). The agent then instruments the matching classes that are already loaded, and\n"
      + "every class loaded later. RULES is validated first; a file with problems is refused\n"
      + "unless --force (invalid rules are then skipped by the agent). A JVM that already runs the\n"
      + "agent is refused: use 'reload' there. The target must run as the same user, on JDK 11+;\n"
      + "JDK 21+ prints a warning about dynamically loaded agents unless it was started with\n"
      + "-XX:+EnableDynamicAgentLoading.\n"
      + "\n"
      + "stdout:\n"
      + "  attached to PID\n"
      + "  agent running in PID: <n> rule(s) from RULES\n"
      + "  problem FILE:LINE:COL: ...      (each problem the agent reports)\n"
      + "--wait SECONDS: how long to wait for the agent to confirm it runs (its JMX beans appear\n"
      + "about one second after start); default 15, 0 = do not wait and print only the first line.\n"
      + "\n"
      + EXIT + "\n"
      + "  (1 also: RULES has problems and no --force; the agent already runs there; it was\n"
      + "  loaded but did not confirm within --wait, e.g. the JVM runs with -Dmethodcache.jmx=false;\n"
      + "  it runs but reports problems, listed as 'problem' lines)\n";

  static final String STATS = "usage: " + JAR + " stats PID [--rule NAME] [--json]\n"
      + "\n"
      + "Reads the agent's MBeans (io.methodcache:type=Agent and type=Rule,name=RULE) over the\n"
      + "JVM's local JMX connector (started through the Attach API if it is not running). stdout:\n"
      + "  agent PID: enabled=true|false internal-errors=N problems=N l2=STATUS (free text, last)\n"
      + "  config: FILE\n"
      + "  RULE ENABLED HITS MISSES HIT-RATIO LOADS LOAD-MS-MEAN SIZE EVICTIONS INVALIDATIONS ERRORS\n"
      + "    L2-HITS L2-MISSES L2-ERRORS  (one line)\n"
      + "  one line per caching rule in file order: on|off|broken (a problem stopped it), counts\n"
      + "  (EVICTIONS: dropped for size or TTL; INVALIDATIONS: asked for), HIT-RATIO as\n"
      + "  0.000-1.000, '-' for a figure this agent version does not have; then, if there are\n"
      + "  write rules (they cache nothing):\n"
      + "  WRITE-RULE ENABLED CALLS EVICTIONS-FIRED PUTS-FIRED ERRORS\n"
      + "  one line per write rule: calls of its method, evictions and puts they made\n"
      + "--rule NAME: that rule only. --json: one JSON object instead, with every attribute of\n"
      + "every bean: {\"pid\":..,\"agent\":{..},\"rules\":[{\"Name\":..,..}]}\n"
      + "\n"
      + EXIT + "\n"
      + "  (1 also: no rule NAME in that JVM)\n";

  static final String TOGGLE = "usage: " + JAR + " toggle PID RULE on|off\n"
      + "       " + JAR + " toggle PID --all on|off\n"
      + "\n"
      + "Switches one rule, or the whole agent (--all), on or off through JMX. Takes effect on the\n"
      + "next call; nothing is retransformed; a switched-off rule's calls run the method. stdout:\n"
      + "  rule RULE: on|off (was on|off)\n"
      + "  agent: on|off (was on|off)\n"
      + "\n"
      + EXIT + "\n"
      + "  (1 also: no rule RULE in that JVM)\n";

  static final String INVALIDATE = "usage: " + JAR + " invalidate PID RULE [KEY | --tag TAG]\n"
      + "\n"
      + "Without KEY drops every entry of RULE (invalidateAll). With KEY drops one entry; KEY is\n"
      + "the key as text, as shared-tier keys render it: the arguments joined with ',' (\"42\",\n"
      + "\"bob,7\"), or the key template's result. Put '--' before a KEY that starts with '--'.\n"
      + "With --tag drops every entry of RULE carrying TAG as its tags: render it (\"product:42\").\n"
      + "stdout:\n"
      + "  rule RULE: invalidated all entries\n"
      + "  rule RULE: invalidated key KEY                (an entry of that JVM was dropped)\n"
      + "  rule RULE: key KEY is not cached in this JVM; the invalidation was sent to L2 and the\n"
      + "    other JVMs\n"
      + "  rule RULE: nothing matched: ...               (status 1: no entry anywhere can have\n"
      + "    been dropped: an L1-only rule without KEY, or a KEY no key of the rule can be)\n"
      + "  rule RULE: invalidated tag TAG\n"
      + "\n"
      + EXIT + "\n"
      + "  (1 also: no rule RULE; nothing matched; RULE is a write rule, which caches nothing;\n"
      + "  the agent in that JVM cannot invalidate by key)\n";

  static final String RELOAD = "usage: " + JAR + " reload PID\n"
      + "\n"
      + "Asks the agent in PID to re-read its rules file now (reload() on io.methodcache:type=Agent).\n"
      + "All or nothing: the agent checks the file, and its rules against the classes loaded now,\n"
      + "then applies it in place, or rejects it whole and keeps running the rules it ran. stdout:\n"
      + "  reload of FILE in PID: applied|rejected\n"
      + "  result: TEXT                    (what the agent's reload() returned)\n"
      + "  problem FILE:LINE:COL: ...      (each problem that made it reject the file)\n"
      + "\n"
      + EXIT + "\n"
      + "  (1 also: the file was rejected; the agent in that JVM has no reload(): 'reload is not\n"
      + "  supported by the agent in that JVM')\n";

  static String of(String command) {
    switch (command) {
      case "validate": return VALIDATE;
      case "attach": return ATTACH;
      case "stats": return STATS;
      case "toggle": return TOGGLE;
      case "invalidate": return INVALIDATE;
      case "reload": return RELOAD;
      default: return null;
    }
  }

  /** The first line (or two) of a command's help: the synopsis. */
  static String synopsis(String command) {
    String text = of(command);
    if (text == null) {
      return "usage: " + JAR + " COMMAND [ARGS]  (commands: validate, attach, stats, toggle,"
          + " invalidate, reload, help)";
    }
    int end = text.indexOf("\n\n");
    return text.substring(0, end);
  }
}
