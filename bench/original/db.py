#!/usr/bin/env python3
"""Tasks 1-3: the DB class (add_user, find_user_by, update_user).

As in the original, the database file is a.db and it is dropped and recreated when DB() is made.
For the benchmark only, ORIGINAL_DB names another file.
"""
import os

from sqlalchemy import create_engine
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.orm.exc import NoResultFound
from sqlalchemy.orm.session import Session

from user import Base, User


class DB:
    """The database of users."""

    def __init__(self) -> None:
        """Creates a new, empty database."""
        path = os.environ.get("ORIGINAL_DB", "a.db")
        self._engine = create_engine("sqlite:///" + path, echo=False)
        Base.metadata.drop_all(self._engine)
        Base.metadata.create_all(self._engine)
        self.__session = None

    @property
    def _session(self) -> Session:
        """The memoized session."""
        if self.__session is None:
            DBSession = sessionmaker(bind=self._engine)
            self.__session = DBSession()
        return self.__session

    def add_user(self, email: str, hashed_password: str) -> User:
        """Saves a new user and returns it."""
        user = User(email=email, hashed_password=hashed_password)
        self._session.add(user)
        self._session.commit()
        return user

    def find_user_by(self, **kwargs) -> User:
        """Returns the first user matching every keyword filter."""
        for key in kwargs:
            if not hasattr(User, key):
                raise InvalidRequestError()
        user = self._session.query(User).filter_by(**kwargs).first()
        if user is None:
            raise NoResultFound()
        return user

    def update_user(self, user_id: int, **kwargs) -> None:
        """Sets the given attributes of a user and commits."""
        user = self.find_user_by(id=user_id)
        for key, value in kwargs.items():
            if not hasattr(user, key):
                raise ValueError()
            setattr(user, key, value)
        self._session.commit()
