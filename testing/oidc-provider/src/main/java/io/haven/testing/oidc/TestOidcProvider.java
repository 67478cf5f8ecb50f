package io.haven.testing.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenID Connect provider for tests, on 127.0.0.1 over plain HTTP: discovery, the authorization endpoint
 * (which signs in whoever the test chose with {@link #nextUser}, without a form), the token endpoint (client secret
 * basic, one use per code), the JWKS and an end-session endpoint. ID tokens are RS256 with a fresh 2048-bit RSA key,
 * so the relying party's signature check is real. Variants for tests: {@link #signWithAnotherKey} and
 * {@link #audience}.
 */
public final class TestOidcProvider implements AutoCloseable {

    /** Who signs in next: the ID token's claims besides iss, aud, exp, iat and nonce. */
    public record User(String subject, Map<String, Object> claims) {
    }

    private final HttpServer server;
    private final RSAKey key;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile User next;
    private volatile boolean otherKey;
    private volatile String audience;

    private record Pending(User user, String nonce, String redirectUri) {
    }

    public TestOidcProvider(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", this::jwks);
        server.createContext("/logout", e -> answer(e, 200, "text/plain", "signed out"));
        server.start();
    }

    /** The issuer, which is also where discovery starts. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The user the next authorization signs in. */
    public void nextUser(String subject, Map<String, Object> claims) {
        next = new User(subject, claims);
    }

    /** Signs the following ID tokens with a key the JWKS does not hold (or stops doing so). */
    public void signWithAnotherKey(boolean other) {
        otherKey = other;
    }

    /** The audience of the following ID tokens; null: the client id. */
    public void audience(String audience) {
        this.audience = audience;
    }

    /** How many token requests came with the right client credentials and a valid code. */
    public int tokensIssued() {
        return tokenRequests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange e) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer());
        doc.put("authorization_endpoint", issuer() + "/authorize");
        doc.put("token_endpoint", issuer() + "/token");
        doc.put("jwks_uri", issuer() + "/jwks");
        doc.put("end_session_endpoint", issuer() + "/logout");
        doc.put("response_types_supported", List.of("code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        doc.put("scopes_supported", List.of("openid", "profile", "email"));
        answer(e, 200, "application/json", JSONObjectUtils.toJSONString(doc));
    }

    private void authorize(HttpExchange e) throws IOException {
        Map<String, String> q = form(e.getRequestURI().getRawQuery());
        User user = next;
        if (user == null || !clientId.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))
                || q.get("redirect_uri") == null || !String.valueOf(q.get("scope")).contains("openid")) {
            answer(e, 400, "text/plain", "bad authorization request");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(user, q.get("nonce"), q.get("redirect_uri")));
        e.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private void token(HttpExchange e) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        Map<String, String> body = form(new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Pending pending = body.get("code") == null ? null : codes.remove(body.get("code"));
        if (!expected.equals(e.getRequestHeaders().getFirst("Authorization"))) {
            answer(e, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (pending == null || !"authorization_code".equals(body.get("grant_type"))
                || !pending.redirectUri().equals(body.get("redirect_uri"))) {
            answer(e, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(pending.user().subject())
                .audience(audience == null ? clientId : audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        if (pending.nonce() != null) {
            claims.claim("nonce", pending.nonce());
        }
        pending.user().claims().forEach(claims::claim);
        try {
            RSAKey signing = otherKey ? new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate() : key;
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(signing));
            tokenRequests.incrementAndGet();
            Map<String, Object> answer = new HashMap<>();
            answer.put("access_token", UUID.randomUUID().toString());
            answer.put("token_type", "Bearer");
            answer.put("expires_in", 300);
            answer.put("id_token", jwt.serialize());
            answer(e, 200, "application/json", JSONObjectUtils.toJSONString(answer));
        } catch (JOSEException ex) {
            answer(e, 500, "text/plain", ex.toString());
        }
    }

    private void jwks(HttpExchange e) throws IOException {
        answer(e, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void answer(HttpExchange e, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", type);
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }
}
