/**
 * The admin API on the admin listener: {@code /admin/v1/...}, each request authenticated by an
 * admin key, its JSON and errors those of the public API, every action in the audit trail.
 */
package io.bienvenue.ops.adminapi;
