package io.haven.auth.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProtocol;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.SignInRequest;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with an OpenID Connect provider: the authorization code flow with a client secret (decision 0032). The
 * provider's endpoints and keys come from its discovery document at the issuer (Haven's "entity id" setting); the
 * ID token is checked by Connect2id's SDK: RS256/ES256 signature by a key of the provider's JWKS, issuer, audience
 * (Haven's client id), expiry and the nonce, which is the request's state, so an ID token answers exactly one request
 * Haven made. The ID token's claims are the identity's attributes ({@code cpm_user_groups},
 * {@code cpm_user_permissions}, ...); its name is {@code preferred_username}, else {@code email}, else {@code sub}.
 */
@Component(service = IdentityProtocol.class)
public class OidcProtocol implements IdentityProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(OidcProtocol.class);
    static final String NAME = "oidc";
    private static final int TIMEOUT_MILLIS = 5_000;
    /** How long a provider's discovery document is kept: its endpoints rarely change, its keys are fetched by kid. */
    private static final Duration METADATA_LIFETIME = Duration.ofMinutes(10);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    /** Per issuer: its metadata and its ID token validator (which caches the JWKS). */
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    private record Provider(OIDCProviderMetadata metadata, String clientId, IDTokenValidator validator, Instant fetched) {
    }

    public OidcProtocol() {
        this(Clock.systemUTC());
    }

    OidcProtocol(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requiredSettings() {
        return List.of("havenAddress", "entityId", "clientId", "clientSecret");
    }

    @Override
    public String serviceProviderMetadata(IdentityProviderSettings settings) {
        // OpenID Connect has no relying party metadata document; what the provider's administrator enters is this.
        return "<!-- OpenID Connect client for Haven: client id " + xml(settings.clientId()) + ", redirect URI "
                + xml(settings.completeLoginUrl()) + ", post-logout redirect URI " + xml(settings.completeLogoutUrl())
                + " -->\n<haven-oidc-client client-id=\"" + xml(settings.clientId()) + "\" redirect-uri=\""
                + xml(settings.completeLoginUrl()) + "\" post-logout-redirect-uri=\"" + xml(settings.completeLogoutUrl())
                + "\"/>\n";
    }

    @Override
    public SignInRequest signInRequest(IdentityProviderSettings settings, String relayState) {
        Provider provider = provider(settings);
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "profile", "email"), new ClientID(settings.clientId()), redirect(settings))
                .endpointURI(provider.metadata().getAuthorizationEndpointURI())
                .state(new State(id))
                .nonce(new Nonce(id))
                .build();
        return new SignInRequest(request.toURI().toString(), id);
    }

    @Override
    public FederatedIdentity completeSignIn(IdentityProviderSettings settings, Map<String, String> form,
                                            String requestUrl, Predicate<String> expectedRequest) {
        if (form.get("error") != null) {
            throw new FederatedSignInException("The identity provider refused the sign-in: " + shortened(form.get("error")));
        }
        String state = form.get("state");
        String code = form.get("code");
        if (state == null || code == null) {
            throw new FederatedSignInException("The answer has no code and state of an OpenID Connect sign-in");
        }
        if (!expectedRequest.test(state)) {
            throw new FederatedSignInException("The answer is to no sign-in Haven started, or to one answered before");
        }
        Provider provider = provider(settings);
        TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(settings.clientId()), new Secret(settings.clientSecret())),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirect(settings)));
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MILLIS);
            http.setReadTimeout(TIMEOUT_MILLIS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException | ParseException e) {
            throw new FederatedSignInException("The identity provider's token endpoint did not answer well: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            throw new FederatedSignInException("The identity provider refused the code: " + error.getCode()
                    + (error.getCode() != null && error.getCode().equals("invalid_client")
                    ? " (check Haven's client id and secret)" : ""));
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        IDTokenClaimsSet claims;
        try {
            claims = provider.validator().validate(idToken, new Nonce(state));
        } catch (Exception e) {
            // BadJOSEException (signature, audience, expiry, nonce) or JOSEException (keys): the message names which.
            throw new FederatedSignInException("The ID token proves nothing: " + e.getMessage());
        }
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        claims.toJSONObject().forEach((name, value) -> attributes.put(name, values(value)));
        if (!attributes.containsKey("user_email") && attributes.containsKey("email")) {
            attributes.put("user_email", attributes.get("email"));
        }
        String name = first(attributes, "preferred_username").or(() -> first(attributes, "email"))
                .orElse(claims.getSubject().getValue());
        Object sid = claims.getClaim("sid");
        return new FederatedIdentity(name, sid == null ? null : sid.toString(), attributes);
    }

    @Override
    public Optional<String> signOutRequest(IdentityProviderSettings settings, FederatedIdentity identity,
                                           String relayState) {
        URI endSession = provider(settings).metadata().getEndSessionEndpointURI();
        if (endSession == null) {
            return Optional.empty();
        }
        LogoutRequest request = new LogoutRequest(endSession, null, null, new ClientID(settings.clientId()),
                URI.create(settings.completeLogoutUrl()), null, null);
        return Optional.of(request.toURI().toString());
    }

    @Override
    public List<Finding> check(IdentityProviderSettings settings) {
        List<Finding> findings = new ArrayList<>();
        providers.remove(settings.entityId() == null ? "" : settings.entityId());
        Provider provider;
        try {
            provider = provider(settings);
        } catch (FederatedSignInException e) {
            findings.add(new Finding(false, e.getMessage()));
            return findings;
        }
        OIDCProviderMetadata m = provider.metadata();
        findings.add(new Finding(true, "The discovery document of " + settings.entityId() + " answers: sign-in at "
                + m.getAuthorizationEndpointURI() + ", tokens at " + m.getTokenEndpointURI()));
        try {
            int keys = com.nimbusds.jose.jwk.JWKSet.load(m.getJWKSetURI().toURL(), TIMEOUT_MILLIS, TIMEOUT_MILLIS, 0)
                    .getKeys().size();
            findings.add(new Finding(keys > 0, "The provider's key set holds " + keys + " key(s)"));
        } catch (IOException | java.text.ParseException e) {
            findings.add(new Finding(false, "The provider's key set at " + m.getJWKSetURI() + " cannot be read: "
                    + e.getMessage()));
        }
        if (m.getEndSessionEndpointURI() == null) {
            findings.add(new Finding(true, "The provider has no end-session endpoint: signing out of Haven does not sign "
                    + "out there"));
        }
        findings.add(new Finding(true, "Register " + settings.completeLoginUrl() + " as the redirect URI of client "
                + settings.clientId() + "; the client secret is checked at the first sign-in"));
        return findings;
    }

    /** The provider's metadata and validator, from its discovery document, kept for a while. */
    private Provider provider(IdentityProviderSettings settings) {
        String issuer = settings.entityId();
        if (issuer == null) {
            throw new FederatedSignInException("No issuer (entity id) is set");
        }
        Provider known = providers.get(issuer);
        if (known != null && known.clientId().equals(settings.clientId())
                && known.fetched().plus(METADATA_LIFETIME).isAfter(clock.instant())) {
            return known;
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
            List<JWSAlgorithm> algorithms = metadata.getIDTokenJWSAlgs() == null || metadata.getIDTokenJWSAlgs().isEmpty()
                    ? List.of(JWSAlgorithm.RS256) : metadata.getIDTokenJWSAlgs();
            // Only asymmetric signatures: an ID token signed with the client secret (HS256) or unsigned is refused.
            JWSAlgorithm algorithm = algorithms.stream().filter(a -> JWSAlgorithm.Family.RSA.contains(a)
                    || JWSAlgorithm.Family.EC.contains(a)).findFirst()
                    .orElseThrow(() -> new FederatedSignInException("The provider signs ID tokens with none of RS256, "
                            + "ES256 and their kin"));
            IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                    algorithm, url(metadata.getJWKSetURI()), new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS));
            Provider provider = new Provider(metadata, settings.clientId() == null ? "" : settings.clientId(), validator,
                    clock.instant());
            providers.put(issuer, provider);
            LOG.info("OpenID Connect provider {}: discovery document read", issuer);
            return provider;
        } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException e) {
            throw new FederatedSignInException("The discovery document of " + issuer + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new FederatedSignInException("The issuer " + issuer + " is no URL: " + e.getMessage());
        }
    }

    private static URI redirect(IdentityProviderSettings settings) {
        return URI.create(settings.completeLoginUrl());
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new FederatedSignInException("The provider's key set URL " + uri + " is no URL");
        }
    }

    private static List<String> values(Object value) {
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    private static Optional<String> first(Map<String, List<String>> attributes, String name) {
        return attributes.getOrDefault(name, List.of()).stream().filter(v -> !v.isBlank()).findFirst();
    }

    private static String xml(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    private static String shortened(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
