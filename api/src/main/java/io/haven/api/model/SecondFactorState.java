package io.haven.api.model;

/**
 * Whether a user signs in with a second factor.
 *
 * @since 1.7
 */
public enum SecondFactorState {
    /** Password only. */
    OFF,
    /** A secret was handed out but not yet proved with a code: sign-in does not ask for one yet. */
    PENDING,
    /** Every password sign-in also needs the current code of the user's authenticator app. */
    ON
}
