package io.bienvenue.ops;

import io.javalin.config.JavalinConfig;

/** Routes the admin listener serves beside its own: the admin API. */
public interface AdminRoutes {

  /**
   * Adds what must run before any other before-handler of the listener (a refusal that nothing else
   * may see the request before).
   */
  void guardQueries(JavalinConfig config);

  /** Adds the routes, and what runs before them. */
  void addRoutes(JavalinConfig config);
}
