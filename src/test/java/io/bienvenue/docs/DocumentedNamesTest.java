package io.bienvenue.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} name classes, methods and tests (the task map, the security table):
 * every such name must exist in the code, so the documents cannot go stale. A name is checked when
 * it is written in backticks as {@code Class.member} with a class of this project, as a class named
 * {@code …Test} or {@code …Contract}, or as {@code …ending}, short for a member of the class named
 * last in the same table row or paragraph whose name ends so (the rest of its name is that of the
 * name before it). Members written in the original's snake case ({@code Auth.valid_login}) are the
 * original's, not ours, and are not checked.
 */
class DocumentedNamesTest {

  private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern QUALIFIED =
      Pattern.compile("([A-Z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*|\\*)");
  private static final Pattern TEST_CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*(Test|Contract)");
  private static final Pattern SHORT_MEMBER = Pattern.compile("…([A-Za-z][A-Za-z0-9]*)");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)|src=\"([^\"]+)\"");
  private static final Pattern EXTENDS = Pattern.compile("\\bextends\\s+([A-Z][A-Za-z0-9]*)");

  private static final Map<String, Path> CLASSES = new HashMap<>();

  @BeforeAll
  static void indexTheCode() throws IOException {
    for (String root : List.of("src/main/java", "src/test/java")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .forEach(f -> CLASSES.put(f.getFileName().toString().replace(".java", ""), f));
      }
    }
  }

  @Test
  void everyClassMethodAndTestTheDocumentsNameExists() throws IOException {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path document : documents()) {
      List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
      Optional<String> lastClass = Optional.empty();
      for (int n = 0; n < lines.size(); n++) {
        String where = document + ":" + (n + 1);
        if (lines.get(n).isBlank() || lines.get(n).startsWith("|")) {
          lastClass = Optional.empty(); // a new paragraph, or a new table row
        }
        Matcher code = CODE.matcher(lines.get(n));
        while (code.find()) {
          String name = code.group(1).trim();
          Matcher qualified = QUALIFIED.matcher(name);
          Matcher shortMember = SHORT_MEMBER.matcher(name);
          if (qualified.matches()) {
            String type = qualified.group(1);
            if (CLASSES.containsKey(type) || TEST_CLASS.matcher(type).matches()) {
              checked++;
              lastClass = Optional.of(type);
              check(type, qualified.group(2), where, missing);
            }
          } else if (TEST_CLASS.matcher(name).matches()) {
            checked++;
            lastClass = Optional.of(name);
            check(name, "*", where, missing);
          } else if (shortMember.matches()) {
            checked++;
            if (lastClass.isEmpty()) {
              missing.add(where + ": `" + name + "` follows no class in its row or paragraph");
            } else {
              check(lastClass.get(), "…" + shortMember.group(1), where, missing);
            }
          } else if (CLASSES.containsKey(name)) {
            lastClass = Optional.of(name);
          }
        }
      }
    }

    assertThat(checked).as("names checked").isGreaterThan(100);
    assertThat(missing).as("names in the documents that the code does not have").isEmpty();
  }

  @Test
  void everyRelativeLinkReachesAFileAndAHeadingThere() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : documents()) {
      Matcher link = LINK.matcher(Files.readString(document, StandardCharsets.UTF_8));
      while (link.find()) {
        String target = link.group(1) != null ? link.group(1) : link.group(2);
        if (target.matches("[a-z]+:.*")) {
          continue; // https:, mailto:: not this repository's
        }
        checked++;
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path file = path.isEmpty() ? document : document.resolveSibling(path).normalize();
        if (!Files.exists(file)) {
          broken.add(document + ": " + target + " (no such file)");
        } else if (hash >= 0 && !headings(file).contains(target.substring(hash + 1))) {
          broken.add(document + ": " + target + " (no such heading)");
        }
      }
    }

    assertThat(checked).as("links checked").isGreaterThan(20);
    assertThat(broken).as("links in the documents that lead nowhere").isEmpty();
  }

  /** The anchors a Markdown renderer gives the headings of {@code file}, as GitHub makes them. */
  private static List<String> headings(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+", "").strip().toLowerCase(Locale.ROOT))
        .map(heading -> heading.replaceAll("[^\\w\\- ]", "").replace(' ', '-'))
        .toList();
  }

  private static void check(String type, String member, String where, List<String> missing) {
    Path file = CLASSES.get(type);
    if (file == null) {
      missing.add(where + ": no class " + type);
    } else if (!member.equals("*") && !declares(file, member)) {
      missing.add(where + ": " + type + " has no " + member);
    }
  }

  /**
   * Whether the class in {@code file}, or a class it extends, names {@code member}; a member
   * written {@code …ending} stands for any name that ends so.
   */
  private static boolean declares(Path file, String member) {
    String text = read(file);
    String name =
        member.startsWith("…")
            ? "\\w*" + Pattern.quote(member.substring(1))
            : Pattern.quote(member);
    if (Pattern.compile("\\b" + name + "\\b").matcher(text).find()) {
      return true;
    }
    Matcher parent = EXTENDS.matcher(text);
    return parent.find()
        && CLASSES.containsKey(parent.group(1))
        && declares(CLASSES.get(parent.group(1)), member);
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
    if (Files.isDirectory(Path.of("docs"))) {
      try (Stream<Path> files = Files.list(Path.of("docs"))) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(documents::add);
      }
    }
    return documents;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
