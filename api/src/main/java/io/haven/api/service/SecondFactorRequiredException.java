package io.haven.api.service;

/**
 * The password was right but the user signs in with a second factor and gave no code: ask for the current code of
 * their authenticator app and sign in again with both.
 *
 * @since 2.2
 */
public class SecondFactorRequiredException extends HavenException {

    public SecondFactorRequiredException() {
        super("This user signs in with a one-time code: give the current code of the authenticator app");
    }
}
