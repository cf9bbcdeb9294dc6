package io.bienvenue.store;

/**
 * No user matches the filters given to {@link UserStore#findUserBy}: SQLAlchemy's NoResultFound.
 */
public final class NoResultFoundException extends RuntimeException {

  NoResultFoundException(String message) {
    super(message);
  }
}
