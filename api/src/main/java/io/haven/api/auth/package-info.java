/**
 * Sign-in SPI: authenticators that check a user's credentials (local passwords), identity protocols that prove an
 * identity provider's answers (SAML 2.0, guide 17), and listeners told of failed sign-ins (the audit trail is one).
 * Core throttles, caches, decides what a proven identity may do, and records; a plugin only proves.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.haven.api.auth;
