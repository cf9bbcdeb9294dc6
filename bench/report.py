#!/usr/bin/env python3
"""bench/run's report: turns the raw runs in RAW into the printed table and results.json.

Usage: report.py RAW_DIR RESULTS_JSON. Each figure is an object with name, value and unit; where a
target applies, also target (the bound on ratio), compare (">=", "<=", or "within": |ratio - 1| <=
target), ratio (what the target bounds), against (what ratio is of) and met.
"""
import json
import os
import re
import sys

raw, results_path = sys.argv[1], sys.argv[2]
settings = json.load(open(os.path.join(raw, "settings.json")))


def run(name):
    path = os.path.join(raw, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else None


figures = []


def figure(name, value, unit, ratio=None, target=None, compare=None, against=None):
    entry = {"name": name, "value": round(value, 3), "unit": unit}
    if ratio is not None:
        entry["ratio"] = round(ratio, 3)
        entry["against"] = against
    if target is not None:
        entry["target"] = target
        entry["compare"] = compare
        if compare == ">=":
            entry["met"] = ratio >= target
        elif compare == "<=":
            entry["met"] = ratio <= target
        else:
            entry["met"] = abs(ratio - 1) <= target
    figures.append(entry)


def three(label, r, **throughput_target):
    """Throughput, p50 and p99 of one run; the target, if any, is on throughput."""
    figure(label + ": throughput", r["rate"], "req/s", **throughput_target)
    figure(label + ": p50", r["p50_ms"], "ms")
    figure(label + ": p99", r["p99_ms"], "ms")


def div(a, b):
    return a / b if b else float("nan")


cores, cost = settings["cores"], settings["cost"]
verify_ms = settings["verify_ms"]
limit = cores * 1000 / verify_ms
root, profile, login = run("root"), run("profile"), run("login")
whoami = run("whoami")
unknown, register = run("unknown"), run("register")
flood_profile, flood_login = run("flood_profile"), run("flood_login")
profile_scale, login_scale = run("profile_scale"), run("login_scale")

figure("bcrypt verify, cost %d, one thread (Java, the service's library)" % cost, verify_ms, "ms")
figure("bcrypt-bound login limit (%d cores / verify)" % cores, limit, "logins/s")
# How far verifies scale over the cores: when every core verifies at once, each verify is slower
# (shared caches, SMT siblings, clocks), and no login workload can beat that.
all_cores_ms = settings.get("verify_all_cores_ms")
parallel_limit = cores * 1000 / all_cores_ms if all_cores_ms else float("nan")
if all_cores_ms:
    figure("bcrypt verify, cost %d, on %d cores at once (Java), per verify" % (cost, cores),
           all_cores_ms, "ms", ratio=verify_ms / all_cores_ms, against="one-thread verify")
    figure("bcrypt login limit on %d cores at once (%d / that verify)" % (cores, cores),
           parallel_limit, "logins/s")
three("1. GET /", root)
three("2. GET /profile", profile, ratio=profile["rate"] / root["rate"], target=0.70,
      compare=">=", against="GET / throughput")
if whoami:
    three("2. GET /sessions/whoami", whoami, ratio=whoami["rate"] / profile["rate"], target=0.90,
          compare=">=", against="GET /profile throughput")
three("3. POST /sessions, right password", login, ratio=login["rate"] / limit, target=0.95,
      compare=">=", against="bcrypt-bound limit")
figure("3. POST /sessions: throughput / the all-cores limit", div(login["rate"], parallel_limit),
       "share")
three("4. POST /sessions, unknown email", unknown, ratio=div(unknown["rate"], login["rate"]),
      target=0.10, compare="within", against="(3) throughput")
three("5. POST /users", register, ratio=register["rate"] / limit, against="bcrypt-bound limit")
three("6. GET /profile during a login flood", flood_profile)
figures[-1].update(ratio=round(flood_profile["p99_ms"] / profile["p99_ms"], 3),
                   against="(2) p99", target=3.0, compare="<=")
figures[-1]["met"] = figures[-1]["ratio"] <= 3.0
figure("6. the flood: POST /sessions throughput", flood_login["rate"], "req/s",
       ratio=flood_login["rate"] / limit, against="bcrypt-bound limit")
users = settings["scale_users"]
figure("7. seeding %d users in bulk" % users, settings["seed_scale_s"], "s",
       ratio=settings["seed_scale_s"] / 60, target=1.0, compare="<=", against="60 s")
if run("root_scale"):
    three("7. GET /, %d users" % users, run("root_scale"))
three("7. GET /profile, %d users" % users, profile_scale,
      ratio=profile_scale["rate"] / profile["rate"], target=0.20, compare="within",
      against="(2), 1000 users")
three("7. POST /sessions, %d users" % users, login_scale,
      ratio=div(login_scale["rate"], login["rate"]), target=0.20, compare="within",
      against="(3), 1000 users")
jwks, code, refresh, userinfo = run("jwks"), run("code"), run("refresh"), run("userinfo")
if jwks:
    three("11. GET /oauth/jwks", jwks)
if code:
    # A relying party's login: the authorization request (with the person's session, PKCE S256) and
    # the code's exchange for tokens (client_secret_post), each flow two requests.
    figure("11. code flows (GET /oauth/authorize + POST /oauth/token)", code["token_rate"],
           "flows/s")
    figure("11. code flows: p50 of either request", code["p50_ms"], "ms")
    figure("11. code flows: p99 of either request", code["p99_ms"], "ms")
if refresh:
    # Every answer rotates the refresh token; the first code flow of each connection is left out.
    figure("11. POST /oauth/token, refresh grant",
           div(refresh["tokens"] - refresh["exchanges"], refresh["seconds"]), "refreshes/s")
    figure("11. refresh: p50", refresh["p50_ms"], "ms")
    figure("11. refresh: p99", refresh["p99_ms"], "ms")
if userinfo:
    three("11. GET /oauth/userinfo (Bearer access token)", userinfo,
          ratio=div(userinfo["rate"], whoami["rate"]) if whoami else None,
          against="GET /sessions/whoami throughput" if whoami else None)
rss_mb = settings["rss_kb"] / 1024
figure("8. resident memory after workloads 1-6 and 11", rss_mb, "MB", ratio=rss_mb / 256, target=1.0,
       compare="<=", against="256 MB")
figure("8. peak resident memory (VmHWM)", settings["hwm_kb"] / 1024, "MB")
figure("8. process start to first 200", settings["startup_s"], "s",
       ratio=settings["startup_s"] / 1.0, target=1.0, compare="<=", against="1.0 s")
soak_start, soak_end = run("soak_start"), run("soak_end")
if soak_start and soak_end:
    label = "13. soak, %d s of mixed traffic" % settings["soak_s"]
    start_mb, end_mb = settings["soak_start_rss_kb"] / 1024, settings["soak_end_rss_kb"] / 1024
    figure(label + ": resident memory, first window", start_mb, "MB")
    figure(label + ": resident memory, last window", end_mb, "MB", ratio=div(end_mb, start_mb),
           target=1.1, compare="<=", against="the first window")
    figure(label + ": p99, first window", soak_start["p99_ms"], "ms")
    figure(label + ": p99, last window", soak_end["p99_ms"], "ms",
           ratio=div(soak_end["p99_ms"], soak_start["p99_ms"]), target=1.5, compare="<=",
           against="the first window")
    figure(label + ": throughput, last window", soak_end["rate"], "req/s",
           ratio=div(soak_end["rate"], soak_start["rate"]), target=0.8, compare=">=",
           against="the first window")
    figure(label + ": answers neither 2xx nor 3xx, last window", soak_end["non2xx"], "answers")
o_root, o_profile, o_login = run("original_root"), run("original_profile"), run("original_login")
if o_root:
    three("9. original GET /", o_root)
    figures[-3].update(ratio=round(root["rate"] / o_root["rate"], 3), against="Bienvenue / original")
    three("9. original GET /profile", o_profile)
    figures[-3].update(ratio=round(profile["rate"] / o_profile["rate"], 3), target=10.0,
                       compare=">=", against="Bienvenue / original")
    figures[-3]["met"] = figures[-3]["ratio"] >= 10.0
    three("9. original POST /sessions", o_login)
    figures[-3].update(ratio=round(div(login["rate"], o_login["rate"]), 3), target=0.9,
                       compare=">=", against="Bienvenue / original")
    figures[-3]["met"] = figures[-3]["ratio"] >= 0.9
    if "c_verify_ms" in settings:
        figure("9. original POST /sessions / its own limit (%d cores / C verify)" % cores,
               div(o_login["rate"], cores * 1000 / settings["c_verify_ms"]), "share")
    if "c_verify_all_cores_ms" in settings:
        figure("9. original POST /sessions / its all-cores limit",
               div(o_login["rate"], cores * 1000 / settings["c_verify_all_cores_ms"]), "share")
# Figures that do not depend on how much CPU other processes left the service (no targets): the
# service's CPU time per answered request, and the share of its CPU that bcrypt verifies filled.
for label, name in [("1. GET /", "root"), ("2. GET /profile", "profile"),
                    ("2. GET /sessions/whoami", "whoami"), ("11. GET /oauth/jwks", "jwks"),
                    ("11. GET /oauth/userinfo", "userinfo"),
                    ("7. GET /, %d users (warm-up of the fresh JVM)" % users, "root_scale"),
                    ("7. GET /profile, %d users" % users, "profile_scale")]:
    r = run(name)
    if r:
        figure(label + ": service CPU per request", div(r["service_cores"] * 1e6, r["rate"]), "us")
# The same per code flow (two requests) and per refresh, counted by the answers with tokens.
if code:
    figure("11. code flow: service CPU per flow", div(code["service_cores"] * 1e6, code["token_rate"]),
           "us")
if refresh:
    figure("11. refresh: service CPU per refresh",
           div(refresh["service_cores"] * 1e6,
               div(refresh["tokens"] - refresh["exchanges"], refresh["seconds"])), "us")
for label, name in [("3. POST /sessions", "login"), ("4. unknown email", "unknown"),
                    ("7. POST /sessions, %d users" % users, "login_scale")]:
    r = run(name)
    figure(label + ": bcrypt share of the service's CPU",
           div(r["rate"] * verify_ms / 1000, r["service_cores"]), "share")
if "c_verify_ms" in settings:
    figure("10. bcrypt verify, cost %d, one thread (C, python3-bcrypt)" % cost,
           settings["c_verify_ms"], "ms")
    figure("10. Java verify / C verify", verify_ms / settings["c_verify_ms"], "x",
           ratio=verify_ms / settings["c_verify_ms"], target=1.15, compare="<=",
           against="C (python3-bcrypt)")
if "c_verify_all_cores_ms" in settings:
    figure("10. bcrypt verify, cost %d, on %d cores at once (C), per verify" % (cost, cores),
           settings["c_verify_all_cores_ms"], "ms",
           ratio=settings["c_verify_ms"] / settings["c_verify_all_cores_ms"],
           against="one-thread verify")

if "es256_verify_jdk_ms" in settings:
    figure("12. ES256 sign, one thread: the JDK's provider (used)", settings["es256_sign_jdk_ms"],
           "ms", ratio=div(settings["es256_sign_jdk_ms"], settings["es256_sign_bc_ms"]),
           against="Bouncy Castle's")
    figure("12. ES256 verify, one thread: Bouncy Castle's provider (used)",
           settings["es256_verify_bc_ms"], "ms",
           ratio=div(settings["es256_verify_jdk_ms"], settings["es256_verify_bc_ms"]),
           against="the JDK's, x times slower")

with open(results_path, "w") as f:
    json.dump(figures, f, indent=1)


def symbol(entry):
    compare = entry.get("compare")
    if compare == "within":
        return "1 ± %g" % entry["target"]
    return "%s %g" % (compare, entry["target"])


print()
print("%-62s %11s %-9s %9s %-12s %-6s  %s" % ("figure", "value", "unit", "ratio", "target",
                                            "met", "ratio of"))
for e in figures:
    print("%-62s %11.2f %-9s %9s %-12s %-6s  %s" % (
        e["name"], e["value"], e["unit"],
        "%.3f" % e["ratio"] if "ratio" in e else "", symbol(e) if "target" in e else "",
        str(e["met"]).lower() if "met" in e else "", e.get("against", "")))

# What the service's own metrics say about the login runs: bcrypt time excluding queue wait.
def scrape(name):
    path = os.path.join(raw, "metrics-%s.txt" % name)
    return open(path).read() if os.path.exists(path) else ""


def sum_count(text, metric, *labels):
    total = {"sum": 0.0, "count": 0.0}
    for line in text.splitlines():
        m = re.match(r"(%s)_(sum|count)(\{[^}]*\})? (\S+)" % re.escape(metric), line)
        if m and all(l in (m.group(3) or "") for l in labels):
            total[m.group(2)] += float(m.group(4))
    return total


def mean_ms(before, after, metric, *labels):
    a, b = sum_count(after, metric, *labels), sum_count(before, metric, *labels)
    n = a["count"] - b["count"]
    return (a["sum"] - b["sum"]) / n * 1000 if n else float("nan"), int(n)


print()
print("CPU during each measured run, and non-2xx answers (all 401 is right for 'unknown'; any"
      " other non-2xx is a failure):")
for name in ["root", "profile", "whoami", "jwks", "code", "refresh", "userinfo", "login", "unknown", "register", "flood_profile", "flood_login",
             "root_scale", "profile_scale", "login_scale", "original_root", "original_profile",
             "original_login"]:
    r = run(name)
    if r:
        others = r["machine_busy_cores"] - r["service_cores"] - r["generator_cores"]
        if "failures" in r:
            print("  %-17s answers that were neither a code nor tokens: %d"
                  % (name, r["failures"]))
        print("  %-17s non-2xx %d, socket errors %d; CPU (cores of %d): service %.2f,"
              " wrk %.2f, other processes %.2f, idle %.2f"
              % (name, r["non2xx"], r["socket_errors"], cores, r["service_cores"],
                 r["generator_cores"], max(0.0, others), cores - r["machine_busy_cores"]))
print()
print("service metrics (means between scrapes, warm-up included):")
windows = [("before-login", "after-login", "3. right password"),
           ("after-login", "after-unknown", "4. unknown email"),
           ("after-unknown", "after-register", "5. registrations"),
           ("after-register", "after-flood", "6. flood")]
for before, after, label in windows:
    b, a = scrape(before), scrape(after)
    if not (a and b):
        continue
    v = mean_ms(b, a, "bienvenue_bcrypt_seconds", 'operation="verify"')
    h = mean_ms(b, a, "bienvenue_bcrypt_seconds", 'operation="hash"')
    s = mean_ms(b, a, "http_server_requests_seconds", 'route="/sessions"')
    u = mean_ms(b, a, "http_server_requests_seconds", 'route="/users"')
    print("  %-18s bcrypt verify %.1f ms (n=%d), hash %.1f ms (n=%d); "
          "POST /sessions %.1f ms (n=%d), POST /users %.1f ms (n=%d)"
          % ((label,) + v + h + s + u))
print()
print()
print("wrote %s" % results_path)
