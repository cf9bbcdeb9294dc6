package io.bienvenue.ops.adminapi;

import io.bienvenue.auth.AdminKey;
import io.bienvenue.auth.AdminUsers;
import io.bienvenue.auth.ManagedUser;
import io.bienvenue.auth.UserAdmin;
import io.bienvenue.http.JsonApi;
import io.bienvenue.ops.AuditTrail;
import io.bienvenue.ops.adminapi.AdminBodies.Changed;
import io.bienvenue.ops.adminapi.AdminBodies.Created;
import io.bienvenue.ops.adminapi.AdminBodies.SessionBody;
import io.bienvenue.ops.adminapi.AdminBodies.Sessions;
import io.bienvenue.ops.adminapi.AdminBodies.SessionsEnded;
import io.bienvenue.ops.adminapi.AdminBodies.UserBody;
import io.bienvenue.ops.adminapi.AdminBodies.UserPage;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The handlers of the admin API's routes: each reads the request, has {@link AdminUsers} (and
 * {@link UserAdmin} behind it) do the work, records the action with the key's name in the audit
 * trail, and answers JSON. A user is named by their public id; an id nobody has is a 404.
 */
final class AdminApiHandlers {

  /** The page size when none is asked for, and the largest one. */
  static final int DEFAULT_PAGE_SIZE = 20;

  static final int MAX_PAGE_SIZE = 100;

  /** The longest search: an email is at most 254 characters. */
  private static final int MAX_SEARCH_LENGTH = 254;

  /** Longer than any public id: looked up, it could only be a 404. */
  private static final int MAX_ID_LENGTH = 64;

  private static final String NO_USER = "no user has that id";

  private final AdminUsers users;
  private final AuditTrail audit;

  AdminApiHandlers(AdminUsers users, AuditTrail audit) {
    this.users = Objects.requireNonNull(users, "users");
    this.audit = Objects.requireNonNull(audit, "audit");
  }

  /** {@code GET /admin/v1/users?search=&page=&size=}. */
  void list(Context ctx) {
    String search = Optional.ofNullable(ctx.queryParam("search")).orElse("");
    if (search.length() > MAX_SEARCH_LENGTH) {
      JsonApi.refuse(ctx, 400, "search is at most " + MAX_SEARCH_LENGTH + " characters");
      return;
    }
    Optional<Integer> page = whole(ctx, "page", 1, Integer.MAX_VALUE / MAX_PAGE_SIZE, 1);
    Optional<Integer> size = whole(ctx, "size", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    if (page.isEmpty() || size.isEmpty()) {
      return;
    }
    AdminUsers.Page found = users.list(search, page.get(), size.get());
    UserPage body =
        new UserPage(
            found.users().stream().map(UserBody::of).toList(),
            found.total(),
            page.get(),
            size.get());
    record(ctx, "list_users", Optional.empty());
    ctx.json(body);
  }

  /** {@code GET /admin/v1/users/{id}}. */
  void show(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              record(ctx, "show_user", Optional.of(user));
              ctx.json(UserBody.of(user));
            });
  }

  /** {@code POST /admin/v1/users}: {@code {"email", "password"}} or {@code {"email", "invite"}}. */
  void create(Context ctx) {
    JsonApi.Fields fields =
        JsonApi.fields(ctx, Set.of("email", "password", "invite"), Set.of("invite"));
    String email = fields.require("email");
    boolean invite = fields.flag("invite");
    if (invite && fields.has("password")) {
      JsonApi.refuse(ctx, 400, "give a password or invite: true, not both");
      return;
    }
    if (!invite && !fields.has("password")) {
      JsonApi.refuse(ctx, 400, "password is required, or invite: true to mail an invitation");
      return;
    }
    Created created;
    if (invite) {
      AdminUsers.Invitation invitation = users.invite(email);
      created = new Created(UserBody.of(invitation.user()), invitation.resetToken().orElse(null));
      record(ctx, "invite_user", Optional.of(invitation.user()));
    } else {
      ManagedUser user = users.create(email, fields.require("password"));
      created = new Created(UserBody.of(user), null);
      record(ctx, "create_user", Optional.of(user));
    }
    ctx.header("Cache-Control", "no-store");
    ctx.status(201).json(created);
  }

  /** {@code POST /admin/v1/users/{id}/disable}: their sessions end and their grants are revoked. */
  void disable(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              int ended = users.changes().disable(user.user().email());
              record(ctx, "disable_user", Optional.of(user));
              ctx.json(new Changed(UserBody.of(users.reread(user)), ended, null));
            });
  }

  /** {@code POST /admin/v1/users/{id}/enable}. */
  void enable(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              users.changes().enable(user.user().email());
              record(ctx, "enable_user", Optional.of(user));
              ctx.json(new Changed(UserBody.of(users.reread(user)), null, null));
            });
  }

  /** {@code POST /admin/v1/users/{id}/verify_email}: {@code changed} is false if it was already. */
  void verifyEmail(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              boolean changed = users.changes().verifyEmail(user.user().email());
              record(ctx, "verify_email", Optional.of(user));
              ctx.json(new Changed(UserBody.of(users.reread(user)), null, changed));
            });
  }

  /** {@code DELETE /admin/v1/users/{id}/second_factor}: TOTP off, every session ended. */
  void resetSecondFactor(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              UserAdmin.TotpReset reset = users.changes().resetTotp(user.user().email());
              record(ctx, "reset_second_factor", Optional.of(user));
              ctx.json(
                  new Changed(
                      UserBody.of(users.reread(user)),
                      reset.sessionsEnded(),
                      reset.hadSecondFactor()));
            });
  }

  /** {@code GET /admin/v1/users/{id}/sessions}. */
  void sessions(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              Sessions body =
                  new Sessions(users.sessions(user).stream().map(SessionBody::of).toList());
              record(ctx, "list_sessions", Optional.of(user));
              ctx.json(body);
            });
  }

  /** {@code DELETE /admin/v1/users/{id}/sessions}: the user must log in again everywhere. */
  void endSessions(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              int ended = users.changes().revokeSessions(user.user().email());
              record(ctx, "end_sessions", Optional.of(user));
              ctx.json(new SessionsEnded(ended));
            });
  }

  /** {@code DELETE /admin/v1/users/{id}}: the user and their sessions; 204. */
  void delete(Context ctx) {
    user(ctx)
        .ifPresent(
            user -> {
              users.changes().delete(user.user().email());
              record(ctx, "delete_user", Optional.of(user));
              ctx.status(204);
            });
  }

  /** The user the path names, or empty with a 404 answered. */
  private Optional<ManagedUser> user(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<ManagedUser> user = id.length() > MAX_ID_LENGTH ? Optional.empty() : users.find(id);
    if (user.isEmpty()) {
      JsonApi.refuse(ctx, 404, NO_USER);
    }
    return user;
  }

  /**
   * The query parameter {@code name} as a whole number from {@code min} to {@code max}, or {@code
   * absent} when it is not given; empty with a 400 answered when it is given otherwise.
   */
  private static Optional<Integer> whole(Context ctx, String name, int min, int max, int absent) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return Optional.of(absent);
    }
    if (value.matches("[0-9]{1,10}")) {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return Optional.of((int) number);
      }
    }
    JsonApi.refuse(ctx, 400, name + " must be a whole number from " + min + " to " + max);
    return Optional.empty();
  }

  private void record(Context ctx, String action, Optional<ManagedUser> user) {
    AdminKey key = Objects.requireNonNull(ctx.attribute(AdminKeyGuard.KEY), "authenticated");
    audit.adminAction(key.name(), action, user.map(u -> u.user().publicId()));
  }
}
