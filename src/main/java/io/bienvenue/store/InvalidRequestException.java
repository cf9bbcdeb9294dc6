package io.bienvenue.store;

/**
 * A filter given to {@link UserStore#findUserBy} names an attribute the user model does not have,
 * or gives it a value of the wrong type: SQLAlchemy's InvalidRequestError.
 */
public final class InvalidRequestException extends RuntimeException {

  InvalidRequestException(String message) {
    super(message);
  }
}
