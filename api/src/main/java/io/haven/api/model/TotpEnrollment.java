package io.haven.api.model;

/**
 * A second factor just started (RFC 6238 TOTP: SHA-1, 6 digits, 30 s): the only time its shared secret is seen. The
 * user adds it to an authenticator app (by the {@code otpauth://} URI, as a QR code or typed in) and proves it with
 * a code; until then sign-in does not ask for one.
 *
 * @param secret the shared secret, Base32 as apps take it
 * @param uri    the {@code otpauth://totp/...} URI that authenticator apps read
 * @since 1.7
 */
public record TotpEnrollment(String secret, String uri) {

    @Override
    public String toString() {
        return "TotpEnrollment[***]";
    }
}
