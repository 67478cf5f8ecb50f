package io.haven.api.auth;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of each refused sign-in, registered as a service. Called on the signing-in thread: keep it short
 * and never throw.
 */
@ConsumerType
public interface SignInListener {

    void signInFailed(SignInFailure failure);
}
