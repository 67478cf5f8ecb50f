package io.haven.shell.auth;

import java.security.Principal;

/**
 * Marks a shell session signed in with an API key instead of a password: the key's id, never its value. Each command
 * looks the key up again, so that a key revoked or expired during the session stops it, and its rights (read-only)
 * bound every command.
 */
public record ApiKeyPrincipal(long keyId) implements Principal {

    @Override
    public String getName() {
        return "api-key " + keyId;
    }
}
