package io.haven.console;

import javax.servlet.http.HttpServletResponse;

/**
 * The headers every console response carries. The content security policy allows only this origin's
 * scripts, styles and connections (no inline script or style, no eval, no other site, no framing), so an
 * injected string can never run; the others keep the page out of frames, its type unsniffed and its
 * address out of Referer headers.
 */
final class SecurityHeaders {

    static final String CSP = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {
    }

    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
}
