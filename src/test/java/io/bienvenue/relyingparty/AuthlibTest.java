package io.bienvenue.relyingparty;

/** Placeholder. */
@RequiresAuthlib
class AuthlibTest {
  static final String PYTHON_VARIABLE = "BIENVENUE_TEST_AUTHLIB";
}
