#!/usr/bin/env python3
"""Tasks 4, 5, 8-10, 12, 13, 16, 18: the Auth class.

As in the original, bcrypt.gensalt() makes the salt (cost 12); for the benchmark only,
ORIGINAL_BCRYPT_COST sets another cost.
"""
import os
import uuid
from typing import Optional

import bcrypt
from sqlalchemy.orm.exc import NoResultFound

from db import DB
from user import User


def _hash_password(password: str) -> bytes:
    """Returns the salted bcrypt hash of a password."""
    rounds = int(os.environ.get("ORIGINAL_BCRYPT_COST", "12"))
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds))


def _generate_uuid() -> str:
    """Returns a new UUID as a string."""
    return str(uuid.uuid4())


class Auth:
    """Auth class to interact with the authentication database."""

    def __init__(self) -> None:
        self._db = DB()

    def register_user(self, email: str, password: str) -> User:
        """Registers a user; ValueError if the email is taken."""
        try:
            self._db.find_user_by(email=email)
        except NoResultFound:
            return self._db.add_user(email, _hash_password(password))
        raise ValueError("User {} already exists".format(email))

    def valid_login(self, email: str, password: str) -> bool:
        """Tells whether the password is the user's."""
        try:
            user = self._db.find_user_by(email=email)
        except NoResultFound:
            return False
        return bcrypt.checkpw(password.encode("utf-8"), user.hashed_password)

    def create_session(self, email: str) -> Optional[str]:
        """Stores a new session id in the user and returns it."""
        try:
            user = self._db.find_user_by(email=email)
        except NoResultFound:
            return None
        session_id = _generate_uuid()
        self._db.update_user(user.id, session_id=session_id)
        return session_id

    def get_user_from_session_id(self, session_id: str) -> Optional[User]:
        """Returns the user with this session id, or None."""
        if session_id is None:
            return None
        try:
            return self._db.find_user_by(session_id=session_id)
        except NoResultFound:
            return None

    def destroy_session(self, user_id: int) -> None:
        """Ends the user's session."""
        self._db.update_user(user_id, session_id=None)

    def get_reset_password_token(self, email: str) -> str:
        """Issues a reset token; ValueError if the email is unknown."""
        try:
            user = self._db.find_user_by(email=email)
        except NoResultFound:
            raise ValueError()
        reset_token = _generate_uuid()
        self._db.update_user(user.id, reset_token=reset_token)
        return reset_token

    def update_password(self, reset_token: str, password: str) -> None:
        """Sets a new password with a reset token; ValueError if it is invalid."""
        try:
            user = self._db.find_user_by(reset_token=reset_token)
        except NoResultFound:
            raise ValueError()
        self._db.update_user(user.id, hashed_password=_hash_password(password),
                             reset_token=None)
