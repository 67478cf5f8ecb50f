/**
 * Sign-in SPI: authenticators that check a user's credentials (local passwords today; SAML and OpenID
 * Connect later) and listeners told of failed sign-ins (the audit trail will be one). Core throttles,
 * caches and records; an authenticator only says whether credentials prove a user.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.haven.api.auth;
