package io.haven.api.auth;

/**
 * A request to sign in at the identity provider.
 *
 * @param redirectUrl where to send the browser
 * @param requestId the request's id, which the answer must name
 */
public record SignInRequest(String redirectUrl, String requestId) {
}
