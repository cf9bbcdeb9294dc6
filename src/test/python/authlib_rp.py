"""A relying party written with Authlib (Debian's python3-authlib), run by AuthlibTest.

It knows only Bienvenue's issuer, a client id, its secret and its redirect URI, and reads every
endpoint from discovery. The browser's part is the test's: this script prints one JSON line
{"authorize": <the authorization URL>} and reads one line back, the URL the browser was sent back
to (the redirect URI with the code). Then, with Authlib alone: the code exchanged with PKCE S256
(and the state checked), the ID token verified against the JWKS (signature, iss, aud, exp, nonce;
the same checks refuse it for another nonce or client), UserInfo, a refresh, UserInfo with the new
access token, the revocation of the refresh token (RFC 7009) and a refresh with it. It prints one JSON line of what it saw, for the test to assert;
a step the provider refused is recorded with its error rather than ending the script.

Usage: /usr/bin/python3 authlib_rp.py ISSUER CLIENT_ID CLIENT_SECRET REDIRECT_URI
"""

import json
import sys

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.base_client.errors import OAuthError
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import JoseError
from authlib.oidc.core import CodeIDToken

TIMEOUT = 30


def main(issuer, client_id, client_secret, redirect_uri):
    discovery = requests.get(
        issuer + "/.well-known/openid-configuration", timeout=TIMEOUT
    ).json()
    client = OAuth2Session(
        client_id,
        client_secret,
        scope="openid email",
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )
    verifier = generate_token(48)
    nonce = generate_token(20)
    url, state = client.create_authorization_url(
        discovery["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    say({"authorize": url})
    callback = sys.stdin.readline().strip()

    seen = {}
    token = client.fetch_token(
        discovery["token_endpoint"],
        authorization_response=callback,
        state=state,
        code_verifier=verifier,
    )
    seen["token_type"] = token.get("token_type")
    seen["id_token_claims"] = id_token_claims(discovery, client_id, token, nonce)
    # The same checks refuse the token for another nonce or another client: they are real.
    seen["id_token_refusals"] = {
        "other_nonce": refusal(discovery, client_id, token, generate_token(20)),
        "other_client": refusal(discovery, "another-client", token, nonce),
    }
    seen["userinfo"] = userinfo(client, discovery)

    first_refresh_token = token.get("refresh_token")
    try:
        refreshed = client.refresh_token(
            discovery["token_endpoint"], refresh_token=first_refresh_token
        )
        seen["refresh_token_rotated"] = (
            refreshed.get("refresh_token") not in (None, first_refresh_token)
        )
        seen["access_token_replaced"] = refreshed["access_token"] != token["access_token"]
        seen["userinfo_after_refresh"] = userinfo(client, discovery)
    except OAuthError as error:
        seen["refresh_error"] = error.error
        say(seen)
        return

    revocation_endpoint = discovery.get("revocation_endpoint")
    seen["revocation_endpoint"] = revocation_endpoint
    if revocation_endpoint:
        revoked = client.revoke_token(
            revocation_endpoint,
            token=refreshed["refresh_token"],
            token_type_hint="refresh_token",
        )
        seen["revocation_status"] = revoked.status_code
        try:
            client.refresh_token(
                discovery["token_endpoint"], refresh_token=refreshed["refresh_token"]
            )
            seen["refresh_after_revocation"] = "accepted"
        except OAuthError as error:
            seen["refresh_after_revocation"] = error.error
        seen["userinfo_status_after_revocation"] = client.get(
            discovery["userinfo_endpoint"], timeout=TIMEOUT
        ).status_code
    say(seen)


def id_token_claims(discovery, client_id, token, nonce):
    """The ID token's claims, once Authlib's jose has verified it as OpenID Connect asks."""
    keys = JsonWebKey.import_key_set(
        requests.get(discovery["jwks_uri"], timeout=TIMEOUT).json()
    )
    jwt = JsonWebToken(discovery["id_token_signing_alg_values_supported"])
    claims = jwt.decode(
        token["id_token"],
        keys,
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": discovery["issuer"]}},
        claims_params={"nonce": nonce, "client_id": client_id},
    )
    claims.validate(leeway=5)
    return dict(claims)


def refusal(discovery, client_id, token, nonce):
    """The error Authlib's jose refuses the ID token with for these parameters, or "accepted"."""
    try:
        id_token_claims(discovery, client_id, token, nonce)
        return "accepted"
    except JoseError as error:
        return error.error


def userinfo(client, discovery):
    answer = client.get(discovery["userinfo_endpoint"], timeout=TIMEOUT)
    answer.raise_for_status()
    return answer.json()


def say(value):
    print(json.dumps(value), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
