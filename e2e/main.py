#!/usr/bin/env python3
"""End-to-end scenario for the Bienvenue user authentication service.

This is the task-20 ``main.py`` of the classic "0x03 User Authentication
Service" project, rewritten against the same HTTP contract with nothing but
the Python 3 standard library (``requests`` is not available on CI).

Usage::

    e2e/main.py [BASE_URL] [--email EMAIL] [-v]

``BASE_URL`` defaults to ``http://localhost:5000``; for a service mounted
under a path (``--base-path /auth``) give it with that path,
``http://localhost:5000/auth``.  ``--email`` replaces the
default ``guillaume@holberton.io`` so that the scenario can be re-run against
a database where that user is already registered.

Each step is a function that sends one (or a few) requests and checks the
exact status code and JSON body.  On success nothing is printed (as in the
original) unless ``-v`` is given, in which case one ``ok <step>`` line is
printed per step.  A failed check or a connection error prints a single line
to stderr naming the step, what was expected and what came back, and the
script exits with status 1.

Checks raise :class:`CheckFailed` instead of using ``assert``, so they still
run under ``python -O``.  Redirects are never followed implicitly and 4xx/5xx
responses are read like any other response.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import sys
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from typing import Any, Callable, Dict, List, Optional, TypeVar, cast
from urllib.parse import urlencode, urljoin, urlsplit

EMAIL = "guillaume@holberton.io"
PASSWD = "b4l0u"
NEW_PASSWD = "t4rt1fl3tt3"

DEFAULT_BASE_URL = "http://localhost:5000"
TIMEOUT_SECONDS = 10.0
SESSION_COOKIE = "session_id"
# A production instance names its cookie __Host-session_id unless told to keep session_id.
SESSION_COOKIE_NAMES = ("session_id", "__Host-session_id")
BODY_PREVIEW_CHARS = 200

F = TypeVar("F", bound=Callable[..., Any])


class CheckFailed(Exception):
    """A step of the scenario did not get the expected response."""

    def __init__(self, message: str, step: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.step = step

    def __str__(self) -> str:
        return "FAIL {}: {}".format(self.step or "?", self.message)


@dataclass
class Config:
    """Run-time settings shared by the step functions."""

    base_url: str = DEFAULT_BASE_URL
    email: str = EMAIL
    verbose: bool = False


CONFIG = Config()


@dataclass
class Response:
    """A fully read HTTP response."""

    method: str
    url: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def text(self) -> str:
        """Return the body decoded leniently, for error messages."""
        return self.body.decode("utf-8", errors="replace")

    def preview(self) -> str:
        """Return ``status <body>`` on one line, truncated if needed."""
        text = self.text()
        if len(text) > BODY_PREVIEW_CHARS:
            text = text[:BODY_PREVIEW_CHARS] + "..."
        return "{} {!r}".format(self.status, text)

    def json(self) -> Any:
        """Decode the body as JSON, or raise :class:`CheckFailed`."""
        try:
            return json.loads(self.text())
        except ValueError:
            raise CheckFailed(
                "{} {}: expected a JSON body, got {}".format(
                    self.method, self.url, self.preview()))

    def cookies(self) -> Dict[str, str]:
        """Return the cookies set by every ``Set-Cookie`` header."""
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            try:
                jar.load(header)
            except CookieError:
                raise CheckFailed(
                    "{} {}: unparsable Set-Cookie header {!r}".format(
                        self.method, self.url, header))
        return {name: morsel.value for name, morsel in jar.items()}


def step(func: F) -> F:
    """Mark ``func`` as a scenario step.

    Failures raised inside the step are tagged with its name, transport
    errors are turned into :class:`CheckFailed`, and ``ok <step>`` is
    printed on success when running verbosely.
    """
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = func(*args, **kwargs)
        except CheckFailed as exc:
            if exc.step is None:
                exc.step = func.__name__
            raise
        if CONFIG.verbose:
            print("ok {}".format(func.__name__))
        return result
    return cast(F, wrapper)


def request(method: str, path: str,
            form: Optional[Dict[str, str]] = None,
            cookies: Optional[Dict[str, str]] = None) -> Response:
    """Send one request to ``CONFIG.base_url`` + ``path`` and read it all.

    ``form`` is sent as ``application/x-www-form-urlencoded``.  Redirects
    are not followed and error statuses are returned, not raised.
    """
    url = urljoin(CONFIG.base_url.rstrip("/") + "/", path.lstrip("/"))
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers: Dict[str, str] = {
        "Accept": "application/json",
        "Connection": "close",
    }
    body: Optional[bytes] = None
    if form is not None:
        body = urlencode(form).encode("ascii")
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        headers["Cookie"] = "; ".join(
            "{}={}".format(name, value) for name, value in cookies.items())

    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.netloc,
                                           timeout=TIMEOUT_SECONDS)
    else:
        conn = http.client.HTTPConnection(parts.netloc,
                                          timeout=TIMEOUT_SECONDS)
    try:
        conn.request(method, target, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        return Response(method, url, resp.status, resp.headers, data)
    except (OSError, http.client.HTTPException) as exc:
        raise CheckFailed("{} {}: expected a response, got {}: {}".format(
            method, url, type(exc).__name__, exc))
    finally:
        conn.close()


def expect_status(resp: Response, status: int) -> None:
    """Check that ``resp`` has the given status code."""
    if resp.status != status:
        raise CheckFailed("{} {}: expected status {}, got {}".format(
            resp.method, resp.url, status, resp.preview()))


def expect_json(resp: Response, status: int, payload: Any) -> None:
    """Check that ``resp`` has exactly ``status`` and JSON ``payload``."""
    expected = "{} {}".format(status, json.dumps(payload, sort_keys=True))
    if resp.status != status:
        raise CheckFailed("{} {}: expected {}, got {}".format(
            resp.method, resp.url, expected, resp.preview()))
    if resp.json() != payload:
        raise CheckFailed("{} {}: expected {}, got {}".format(
            resp.method, resp.url, expected, resp.preview()))


@step
def register_user(email: str, password: str) -> None:
    """POST /users creates the user."""
    resp = request("POST", "/users",
                   form={"email": email, "password": password})
    expect_json(resp, 200, {"email": email, "message": "user created"})


@step
def log_in_wrong_password(email: str, password: str) -> None:
    """POST /sessions with a wrong password is refused with 401."""
    resp = request("POST", "/sessions",
                   form={"email": email, "password": password})
    expect_status(resp, 401)


@step
def log_in(email: str, password: str) -> str:
    """POST /sessions logs in; return the session cookie's value.

    The cookie is ``session_id`` (development, or production told to keep it) or
    ``__Host-session_id`` (production): later requests send back the name received.
    """
    global SESSION_COOKIE
    resp = request("POST", "/sessions",
                   form={"email": email, "password": password})
    expect_json(resp, 200, {"email": email, "message": "logged in"})
    cookies = resp.cookies()
    session_id = None
    for name in SESSION_COOKIE_NAMES:
        if cookies.get(name):
            SESSION_COOKIE, session_id = name, cookies.get(name)
            break
    if not session_id:
        raise CheckFailed(
            "{} {}: expected a Set-Cookie {}=<token>, got headers {!r}"
            .format(resp.method, resp.url, SESSION_COOKIE,
                    resp.headers.get_all("Set-Cookie") or []))
    return session_id


@step
def profile_unlogged() -> None:
    """GET /profile without a session cookie is refused with 403."""
    resp = request("GET", "/profile")
    expect_status(resp, 403)


@step
def profile_logged(session_id: str) -> None:
    """GET /profile with a valid session returns the user's email.

    As in the original, the expected email is the scenario's (``--email``).
    """
    resp = request("GET", "/profile", cookies={SESSION_COOKIE: session_id})
    expect_json(resp, 200, {"email": CONFIG.email})


@step
def log_out(session_id: str) -> None:
    """DELETE /sessions destroys the session and redirects to /.

    The 302 is checked explicitly, then followed by hand with a GET /.
    The old session must no longer give access to /profile.
    """
    resp = request("DELETE", "/sessions",
                   cookies={SESSION_COOKIE: session_id})
    expect_status(resp, 302)
    location = resp.headers.get("Location")
    if location is None:
        raise CheckFailed("{} {}: expected a Location header, got {}"
                          " without one".format(resp.method, resp.url,
                                                resp.preview()))
    # The service's root: "/", or "/auth/" for a service mounted under /auth.
    root = urlsplit(CONFIG.base_url).path.rstrip("/") + "/"
    target = urlsplit(urljoin(resp.url, location))
    if target.path != root or target.query:
        raise CheckFailed("{} {}: expected a redirect to {}, got Location {!r}"
                          .format(resp.method, resp.url, root, location))

    home = request("GET", "/")
    expect_json(home, 200, {"message": "Bienvenue"})

    profile = request("GET", "/profile", cookies={SESSION_COOKIE: session_id})
    if profile.status != 403:
        raise CheckFailed(
            "{} {}: expected 403 with the logged-out session, got {}".format(
                profile.method, profile.url, profile.preview()))


@step
def reset_password_token(email: str) -> str:
    """POST /reset_password returns a reset token for ``email``."""
    resp = request("POST", "/reset_password", form={"email": email})
    expected = '200 {{"email": "{}", "reset_token": "<token>"}}'.format(email)
    if resp.status != 200:
        raise CheckFailed("{} {}: expected {}, got {}".format(
            resp.method, resp.url, expected, resp.preview()))
    payload = resp.json()
    token = payload.get("reset_token") if isinstance(payload, dict) else None
    if (not isinstance(payload, dict)
            or sorted(payload) != ["email", "reset_token"]
            or payload["email"] != email
            or not isinstance(token, str) or not token):
        raise CheckFailed("{} {}: expected {}, got {}".format(
            resp.method, resp.url, expected, resp.preview()))
    return token


@step
def update_password(email: str, reset_token: str, new_password: str) -> None:
    """PUT /reset_password sets a new password using the reset token."""
    resp = request("PUT", "/reset_password",
                   form={"email": email, "reset_token": reset_token,
                         "new_password": new_password})
    expect_json(resp, 200, {"email": email, "message": "Password updated"})


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Run the user authentication end-to-end scenario.")
    parser.add_argument("base_url", nargs="?", default=DEFAULT_BASE_URL,
                        metavar="BASE_URL",
                        help="service URL (default: %(default)s)")
    parser.add_argument("--email", default=EMAIL,
                        help="email of the user to register "
                             "(default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="print one 'ok <step>' line per step")
    args = parser.parse_args(argv)
    parts = urlsplit(args.base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        parser.error("BASE_URL must look like http://host[:port][/path], got {!r}"
                     .format(args.base_url))
    return args


def run_scenario(email: str) -> None:
    """Run the original task-20 scenario, in the original order."""
    register_user(email, PASSWD)
    log_in_wrong_password(email, NEW_PASSWD)
    profile_unlogged()
    session_id = log_in(email, PASSWD)
    profile_logged(session_id)
    log_out(session_id)
    reset_token = reset_password_token(email)
    update_password(email, reset_token, NEW_PASSWD)
    log_in(email, NEW_PASSWD)


def main(argv: Optional[List[str]] = None) -> int:
    """Entry point: return 0 on success, 1 on the first failed check."""
    args = parse_args(argv)
    CONFIG.base_url = args.base_url
    CONFIG.verbose = args.verbose
    CONFIG.email = args.email
    try:
        run_scenario(args.email)
    except CheckFailed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
