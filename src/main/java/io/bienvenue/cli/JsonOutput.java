package io.bienvenue.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Prints a command's result as one line of JSON. */
final class JsonOutput {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonOutput() {}

  /** Prints {@code json} (maps, lists, strings and numbers) on {@code out}, in one line. */
  static void print(PrintWriter out, Object json) {
    try {
      out.println(JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
