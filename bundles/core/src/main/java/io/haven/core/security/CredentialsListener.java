package io.haven.core.security;

/**
 * Told when a user's password is changed or reset, so that what was proved with the old one ends: browser sessions
 * (SessionServiceImpl). Core-internal; registered as a DS service so that users and sessions need not know each other.
 */
public interface CredentialsListener {

    void credentialsChanged(long userId);
}
