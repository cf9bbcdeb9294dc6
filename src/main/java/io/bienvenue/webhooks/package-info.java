/**
 * Webhooks (issue 18): the endpoints that receive events, each with its own signing secret in the
 * Standard Webhooks {@code whsec_} form, sealed at rest. WebhookDispatcher delivers them, signed,
 * with retries.
 */
package io.bienvenue.webhooks;
