package io.bienvenue.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a CSV file of {@code email,bcrypt_hash} rows, UTF-8, one row a line.
 *
 * <p>A first row {@code email,hashed_password} or {@code email,bcrypt_hash} (in any case) is a
 * header and is skipped, as are blank lines and a leading byte order mark. A field may be quoted
 * ({@code "ann@example.org"}, a quote inside doubled); spaces around a field are dropped. A row
 * that does not split into exactly two fields, or whose quotes do not balance, becomes an {@link
 * ImportSkip}; a field never spans lines, since no valid email or hash holds a line break.
 * Stateless and thread-safe.
 */
final class ImportCsvFile {

  private static final Set<String> HASH_HEADERS = Set.of("hashed_password", "bcrypt_hash");

  private ImportCsvFile() {}

  /**
   * Returns the rows of {@code file}, in order, each named by its line number.
   *
   * @throws IllegalStateException if the file cannot be read or is not UTF-8 text
   */
  static List<ImportEntry> read(Path file) {
    Objects.requireNonNull(file, "file");
    if (Files.isDirectory(file)) {
      throw new IllegalStateException("cannot read " + file + ": not a file");
    }
    List<ImportEntry> entries = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      boolean first = true;
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        String where = "line " + number;
        Optional<List<String>> fields = fields(line);
        boolean header = first && fields.filter(ImportCsvFile::isHeader).isPresent();
        first = false;
        if (header) {
          continue;
        }
        if (fields.isEmpty()) {
          entries.add(new ImportSkip(where, "malformed row (unbalanced quotes)"));
        } else if (fields.get().size() != 2) {
          int count = fields.get().size();
          entries.add(
              new ImportSkip(
                  where,
                  "malformed row (" + count + (count == 1 ? " field" : " fields") + ", not 2)"));
        } else {
          entries.add(new ImportRow(where, fields.get().get(0), fields.get().get(1)));
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("cannot read " + file + ": no such file", e);
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("cannot read " + file + ": it is not UTF-8 text", e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return entries;
  }

  /** Splits {@code line} at its commas, unquoting quoted fields; empty if a quote is unbalanced. */
  static Optional<List<String>> fields(String line) {
    List<String> fields = new ArrayList<>();
    int at = 0;
    while (true) {
      while (at < line.length() && isBlank(line.charAt(at))) {
        at++;
      }
      if (at < line.length() && line.charAt(at) == '"') {
        StringBuilder field = new StringBuilder();
        at++;
        while (true) {
          if (at == line.length()) {
            return Optional.empty();
          }
          char c = line.charAt(at++);
          if (c != '"') {
            field.append(c);
          } else if (at < line.length() && line.charAt(at) == '"') {
            field.append('"');
            at++;
          } else {
            break;
          }
        }
        while (at < line.length() && isBlank(line.charAt(at))) {
          at++;
        }
        fields.add(field.toString());
        if (at == line.length()) {
          return Optional.of(fields);
        }
        if (line.charAt(at) != ',') {
          return Optional.empty();
        }
        at++;
      } else {
        int comma = line.indexOf(',', at);
        int end = comma < 0 ? line.length() : comma;
        String field = line.substring(at, end).strip();
        if (field.indexOf('"') >= 0) {
          return Optional.empty();
        }
        fields.add(field);
        if (comma < 0) {
          return Optional.of(fields);
        }
        at = comma + 1;
      }
    }
  }

  private static boolean isHeader(List<String> fields) {
    return fields.size() == 2
        && fields.get(0).toLowerCase(Locale.ROOT).equals("email")
        && HASH_HEADERS.contains(fields.get(1).toLowerCase(Locale.ROOT));
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
