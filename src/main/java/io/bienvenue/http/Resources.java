package io.bienvenue.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files of the jar that the HTTP edge serves, read once at start. */
final class Resources {

  private Resources() {}

  /**
   * The bytes of the class-path resource {@code name}, an absolute resource name.
   *
   * @throws IllegalStateException if the resource is missing
   * @throws UncheckedIOException if it cannot be read
   */
  static byte[] read(String name) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the resource " + name, e);
    }
  }
}
