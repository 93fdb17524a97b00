package io.methodcache.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads a rules file. Never throws, whatever the input: every problem becomes a {@link Problem}
 * with its position, and the valid rules are kept. The file is data only — it is composed into
 * SnakeYAML nodes and never constructed into objects, so a tag naming a Java class does nothing.
 */
public final class RulesParser {
  /** A rules file is a few kilobytes; anything near this is the wrong file, or hostile. */
  static final int MAX_BYTES = 1 << 20;
  /** Few legitimate uses; the limit is what stops a "billion laughs" alias bomb. */
  static final int MAX_ALIASES = 20;
  /** Format 1 nests four levels; this stops deep-nesting attacks long before the stack suffers. */
  static final int MAX_DEPTH = 20;

  private RulesParser() {}

  /**
   * Reads and parses {@code file}. A missing or unreadable file is one problem at FILE:1:1.
   *
   * @param env environment look-up for {@code ${VAR}}, {@code System::getenv} in production
   */
  public static RulesConfig load(Path file, Function<String, String> env) {
    String source = String.valueOf(file);
    if (file == null) {
      return single(source, "no rules file was given; pass its path as the agent argument,"
          + " -Dmethodcache.config or METHODCACHE_CONFIG");
    }
    byte[] content;
    try {
      if (Files.isDirectory(file)) {
        return single(source, "this is a directory, not a rules file; give the path of the YAML"
            + " file itself, e.g. " + file.resolve("rules.yaml"));
      }
      try (InputStream in = Files.newInputStream(file)) {
        content = in.readNBytes(MAX_BYTES + 1); // one more than allowed, to detect "too large"
      }
    } catch (NoSuchFileException e) {
      return single(source, "file not found; check the path (absolute: " + absolute(file)
          + ") given as the agent argument, -Dmethodcache.config or METHODCACHE_CONFIG");
    } catch (AccessDeniedException e) {
      return single(source, "cannot read the file: permission denied; make it readable by the"
          + " user the JVM runs as");
    } catch (IOException | RuntimeException e) {
      return single(source, "cannot read the file (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); check the path and its permissions");
    }
    return parse(source, content, env);
  }

  /**
   * Parses the content of a rules file.
   *
   * @param sourceName the file as the operator named it, used in every problem's position
   * @param env environment look-up for {@code ${VAR}}, {@code System::getenv} in production
   */
  public static RulesConfig parse(String sourceName, byte[] content, Function<String, String> env) {
    String source = sourceName == null || sourceName.isEmpty() ? "<rules>" : sourceName;
    try {
      return parseUnguarded(source, content, env);
    } catch (RuntimeException | StackOverflowError e) {
      // Not expected: the checks above should cover everything. The promise is still kept — a
      // rules file can never crash the application it is loaded into.
      return single(source, "internal error while reading the rules file ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + "); no rules were applied —"
          + " please report this together with the file");
    }
  }

  private static RulesConfig parseUnguarded(String source, byte[] content,
      Function<String, String> env) {
    if (content == null) {
      return single(source, RulesReader.EMPTY_FILE);
    }
    if (content.length > MAX_BYTES) {
      return single(source, "the file is larger than 1 MiB; a rules file is a few kilobytes —"
          + " check that this is the right file");
    }
    String text = decode(content);
    if (text == null) {
      return single(source, "not a YAML rules file (binary content); a rules file is UTF-8 text"
          + " — check the path");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte order mark is legal UTF-8 but not YAML content
    }
    List<Problem> problems = new ArrayList<>();
    LoaderOptions options = options();
    Node root;
    try {
      Composer documents = composer(text, options);
      root = documents.checkNode() ? documents.getNode() : null;
      if (documents.checkNode()) {
        Node second = documents.getNode();
        problems.add(problem(source, second.getStartMark(), "a rules file holds one YAML"
            + " document, but a second one starts here; remove the '---' line and merge them"
            + " (only the first document was read)"));
      }
    } catch (YAMLException e) {
      problems.add(yamlProblem(source, e, text, options));
      return new RulesConfig(source, RulesConfig.DEFAULT_NAMESPACE, false, List.of(), problems);
    }
    return new RulesReader(source, env).read(root, problems);
  }

  private static LoaderOptions options() {
    LoaderOptions o = new LoaderOptions();
    o.setMaxAliasesForCollections(MAX_ALIASES);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(MAX_DEPTH);
    o.setCodePointLimit(MAX_BYTES);
    o.setProcessComments(false);
    o.setAllowDuplicateKeys(true); // duplicates are reported by RulesReader, with both lines
    // Composing only wraps a tag into a node; nothing is constructed from it. Letting every tag
    // through here means RulesReader can report each one where it is and keep the valid rules,
    // instead of the whole file failing at the first tag.
    o.setTagInspector(tag -> true);
    return o;
  }

  /**
   * SnakeYAML's parser and composer only. Not {@code new Yaml(...)}: its constructors hold a
   * java.util.logging logger, and initialising JUL from premain breaks application servers that
   * install their own LogManager (WildFly/JBoss).
   */
  private static Composer composer(String text, LoaderOptions options) {
    return new Composer(parser(text, options), new Resolver(), options);
  }

  private static Parser parser(String text, LoaderOptions options) {
    return new ParserImpl(new StreamReader(new StringReader(text)), options);
  }

  /** The text, or null for content that is not UTF-8 text (NUL bytes, malformed sequences). */
  private static String decode(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return null;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Problem yamlProblem(String source, YAMLException e, String text,
      LoaderOptions options) {
    if (e instanceof MarkedYAMLException) {
      MarkedYAMLException m = (MarkedYAMLException) e;
      Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
      return problem(source, mark, syntaxMessage(m));
    }
    if (e instanceof ReaderException) {
      ReaderException r = (ReaderException) e;
      int[] lineColumn = lineColumn(text, r.getPosition());
      return new Problem(new SourcePosition(source, lineColumn[0], lineColumn[1]), null,
          String.format("character U+%04X is not allowed in a YAML file; remove it — a rules file"
              + " is plain UTF-8 text", r.getCodePoint()));
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Number of aliases")) {
      return problem(source, locate(text, options, true), "more than " + MAX_ALIASES
          + " aliases (*name) of lists or mappings; a rules file needs few — write the values"
          + " out (the limit stops alias bombs)");
    }
    if (message.startsWith("Nesting Depth")) {
      return problem(source, locate(text, options, false), "nested deeper than " + MAX_DEPTH
          + " levels; a rules file needs four — check the indentation and brackets");
    }
    if (message.contains("exceeds the limit")) {
      return problem(source, null, "the file is larger than 1 MiB of text; a rules file is a few"
          + " kilobytes — check that this is the right file");
    }
    return problem(source, null, "not a readable YAML file (" + message + "); check that it is"
        + " a rules file");
  }

  private static String syntaxMessage(MarkedYAMLException m) {
    String what = m.getProblem() == null ? "" : m.getProblem().trim();
    if (what.contains("\\t(TAB)") || what.contains("'\\t'")) {
      return "YAML syntax error: a tab character; indent with spaces only";
    }
    if (what.startsWith("found undefined alias")) {
      return "YAML syntax error: " + what + "; define the anchor (&name) before using *name, or"
          + " quote a value that starts with '*'";
    }
    if (what.startsWith("Global tag is not allowed")) {
      return "YAML syntax error: " + what + "; tags are not allowed in a rules file — remove it";
    }
    String context = m.getContext() == null ? "" : " (" + m.getContext().trim() + ")";
    return "YAML syntax error: " + what + context + "; check the indentation (spaces only) and"
        + " quote values that contain ': ' or ' #' or start with '{', '[', '*', '&', '!', '%',"
        + " '@' or '`'";
  }

  /**
   * Where SnakeYAML's unpositioned limit errors happened: the alias over the limit, or the first
   * list or mapping nested too deep. Re-reads events only, which expands no alias.
   */
  private static Mark locate(String text, LoaderOptions options, boolean aliases) {
    try {
      Map<String, Boolean> anchorIsCollection = new HashMap<>();
      int count = 0;
      int depth = 0;
      Parser events = parser(text, options);
      while (events.peekEvent() != null) {
        Event event = events.getEvent();
        if (event instanceof CollectionStartEvent) {
          depth++;
          if (!aliases && depth > MAX_DEPTH) {
            return event.getStartMark();
          }
          String anchor = ((CollectionStartEvent) event).getAnchor();
          if (anchor != null) {
            anchorIsCollection.put(anchor, Boolean.TRUE);
          }
        } else if (event instanceof CollectionEndEvent) {
          depth--;
        } else if (event instanceof ScalarEvent) {
          String anchor = ((ScalarEvent) event).getAnchor();
          if (anchor != null) {
            anchorIsCollection.put(anchor, Boolean.FALSE);
          }
        } else if (event instanceof AliasEvent && aliases
            && Boolean.TRUE.equals(anchorIsCollection.get(((AliasEvent) event).getAnchor()))
            && ++count > MAX_ALIASES) {
          return event.getStartMark();
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      // fall through: the problem is then reported at the start of the file
    }
    return null;
  }

  /** 1-based line and column of a code point index. */
  private static int[] lineColumn(String text, int codePointIndex) {
    int line = 1;
    int column = 1;
    int seen = 0;
    for (int i = 0; i < text.length() && seen < codePointIndex; seen++) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n' || (c == '\r' && (i >= text.length() || text.charAt(i) != '\n'))) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
    }
    return new int[] {line, column};
  }

  private static Problem problem(String source, Mark mark, String message) {
    SourcePosition at = mark == null ? new SourcePosition(source, 1, 1)
        : new SourcePosition(source, mark.getLine() + 1, mark.getColumn() + 1);
    return new Problem(at, null, message);
  }

  private static RulesConfig single(String source, String message) {
    return new RulesConfig(source, RulesConfig.DEFAULT_NAMESPACE, false, List.of(),
        List.of(new Problem(new SourcePosition(source, 1, 1), null, message)));
  }

  private static String absolute(Path file) {
    try {
      return file.toAbsolutePath().toString();
    } catch (RuntimeException e) {
      return file.toString();
    }
  }
}
