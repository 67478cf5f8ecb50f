package io.haven.auth.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.logout.LogoutRequest;
import com.onelogin.saml2.logout.LogoutRequestParams;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.auth.IdentityProtocol;
import io.haven.api.auth.IdentityProviderSettings;
import io.haven.api.auth.ServiceProviderKey;
import io.haven.api.auth.SignInRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.w3c.dom.Document;

/**
 * Sign-in with a SAML 2.0 identity provider (guide 17), decision 0029: SAML-Toolkits' java-saml on Apache
 * Santuario builds the AuthnRequest (HTTP-Redirect binding) and proves the answer (HTTP-POST binding) in its strict
 * mode: the assertion signed by the configured certificate with SHA-256 or stronger (SHA-1 refused), the answer's
 * destination Haven's sign-in response URL, its audience Haven's entity id, its issuer the configured entity id, its
 * times valid, its status success, and schema-valid XML. Haven adds one rule: the answer names the request it
 * answers (InResponseTo), which core accepts once; unsolicited (IdP-initiated) answers are refused.
 */
@Component(service = IdentityProtocol.class)
public class SamlProtocol implements IdentityProtocol {

    static final String NAME = "saml";
    static final String SIGNATURE_ALGORITHM = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    @Activate
    public SamlProtocol() {
        // xmlsec looks its resources up through the context class loader: make it this bundle's while it starts.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(SamlProtocol.class.getClassLoader());
        try {
            org.apache.xml.security.Init.init();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String serviceProviderMetadata(IdentityProviderSettings settings) {
        try {
            // java-saml publishes the encryption certificate only when it requires encryption; Haven publishes its
            // key for both uses whenever it has one (encrypted assertions are accepted either way).
            return saml(settings, settings.serviceProviderKey() != null).getSPMetadata();
        } catch (Exception e) {
            throw new IllegalStateException("Haven's metadata could not be made: " + e.getMessage(), e);
        }
    }

    @Override
    public SignInRequest signInRequest(IdentityProviderSettings settings, String relayState) {
        Saml2Settings saml = saml(settings);
        AuthnRequest request = new AuthnRequest(saml, new AuthnRequestParams(false, false, true));
        try {
            String url = settings.signInUrl() + (settings.signInUrl().contains("?") ? "&" : "?")
                    + redirectQuery(settings, request.getEncodedAuthnRequest(), relayState);
            return new SignInRequest(url, request.getId());
        } catch (IOException e) {
            throw new IllegalStateException("The sign-in request could not be encoded", e);
        }
    }

    @Override
    public FederatedIdentity completeSignIn(IdentityProviderSettings settings, Map<String, String> form,
                                            String requestUrl, Predicate<String> expectedRequest) {
        String encoded = form.get("SAMLResponse");
        if (encoded == null || encoded.isBlank()) {
            throw new FederatedSignInException("The answer holds no SAMLResponse");
        }
        SamlResponse response = response(settings, encoded, requestUrl);
        String inResponseTo = inResponseTo(response);
        if (inResponseTo == null) {
            throw new FederatedSignInException("The answer names no request (InResponseTo): Haven accepts answers to "
                    + "its own sign-in requests only, not unsolicited ones");
        }
        if (!expectedRequest.test(inResponseTo)) {
            throw new FederatedSignInException("The answer is to no sign-in Haven started, or to one answered before");
        }
        if (!response.isValid(inResponseTo)) {
            throw new FederatedSignInException("The SAML answer proves nothing: " + response.getError());
        }
        try {
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            response.getAttributes().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
            return new FederatedIdentity(response.getNameId(), response.getSessionIndex(), attributes);
        } catch (Exception e) {
            throw new FederatedSignInException("The SAML answer's subject cannot be read: " + e.getMessage());
        }
    }

    /**
     * The answer read with Haven's current key, or when that cannot decrypt it, with the previous key while it is kept
     * (decision 0048): an identity provider not yet given the new certificate still encrypts for the old one. Either
     * way the assertion must then pass every check.
     */
    private static SamlResponse response(IdentityProviderSettings settings, String encoded, String requestUrl) {
        Map<String, List<String>> params = new HashMap<>();
        params.put("SAMLResponse", List.of(encoded));
        List<IdentityProviderSettings> keys = new ArrayList<>(List.of(settings));
        if (settings.previousServiceProviderKey() != null) {
            keys.add(settings.withServiceProviderKeys(settings.previousServiceProviderKey(), null));
        }
        Exception first = null;
        for (IdentityProviderSettings keyed : keys) {
            try {
                return new SamlResponse(saml(keyed), new HttpRequest(requestUrl, params, null));
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        throw new FederatedSignInException("The answer is no SAML response: " + first.getClass().getSimpleName());
    }

    @Override
    public Optional<String> signOutRequest(IdentityProviderSettings settings, FederatedIdentity identity,
                                           String relayState) {
        if (settings.signOutUrl() == null || settings.signOutUrl().isBlank()) {
            return Optional.empty();
        }
        LogoutRequest request = new LogoutRequest(saml(settings), new LogoutRequestParams(identity.sessionIndex(),
                identity.nameId()));
        try {
            return Optional.of(settings.signOutUrl() + (settings.signOutUrl().contains("?") ? "&" : "?")
                    + redirectQuery(settings, request.getEncodedLogoutRequest(), null));
        } catch (IOException e) {
            throw new IllegalStateException("The sign-out request could not be encoded", e);
        }
    }

    @Override
    public List<Finding> check(IdentityProviderSettings settings) {
        List<Finding> findings = new ArrayList<>();
        if (settings.certificatePem() == null) {
            findings.add(new Finding(false, "No certificate of the identity provider is set"));
        } else {
            try {
                X509Certificate certificate = certificate(settings.certificatePem());
                Instant expires = certificate.getNotAfter().toInstant();
                boolean valid = expires.isAfter(Instant.now());
                findings.add(new Finding(valid, "The certificate of " + certificate.getSubjectX500Principal().getName()
                        + (valid ? " is valid until " : " expired on ") + expires));
            } catch (CertificateException | RuntimeException e) {
                findings.add(new Finding(false, "The certificate cannot be read: " + e.getMessage()));
            }
        }
        answers(findings, "sign-in URL", settings.signInUrl());
        if (settings.signOutUrl() != null) {
            answers(findings, "sign-out URL", settings.signOutUrl());
        }
        return findings;
    }

    private static void answers(List<Finding> findings, String what, String url) {
        if (url == null) {
            findings.add(new Finding(false, "No " + what + " is set"));
            return;
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(CHECK_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            int status = client.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(CHECK_TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            findings.add(new Finding(status < 500, "The " + what + " " + url + " answers HTTP " + status));
        } catch (IOException | IllegalArgumentException e) {
            findings.add(new Finding(false, "The " + what + " " + url + " does not answer: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            findings.add(new Finding(false, "The check of the " + what + " was interrupted"));
        }
    }

    /**
     * The query of an HTTP-Redirect request: {@code SAMLRequest}, {@code RelayState} when there is one and, when Haven
     * signs its requests, {@code SigAlg} and {@code Signature} over exactly those URL-encoded parameters in that order
     * (SAML bindings 3.4.4.1), RSA-SHA256 with Haven's key.
     */
    static String redirectQuery(IdentityProviderSettings settings, String encodedRequest, String relayState) {
        String query = "SAMLRequest=" + URLEncoder.encode(encodedRequest, StandardCharsets.UTF_8)
                + (relayState == null || relayState.isEmpty() ? ""
                : "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8));
        if (!settings.signRequests()) {
            return query;
        }
        ServiceProviderKey key = requireKey(settings, "sign its requests");
        query += "&SigAlg=" + URLEncoder.encode(SIGNATURE_ALGORITHM, StandardCharsets.UTF_8);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.privateKey());
            signature.update(query.getBytes(StandardCharsets.UTF_8));
            return query + "&Signature=" + URLEncoder.encode(Base64.getEncoder().encodeToString(signature.sign()),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Haven's request could not be signed: " + e.getMessage(), e);
        }
    }

    private static ServiceProviderKey requireKey(IdentityProviderSettings settings, String what) {
        if (settings.serviceProviderKey() == null) {
            throw new IllegalStateException("Haven has no key of its own to " + what + " with");
        }
        return settings.serviceProviderKey();
    }

    /** The InResponseTo of the answer, or null when it names none. */
    private static String inResponseTo(SamlResponse response) {
        // java-saml's parser: namespace aware, no DTDs or external entities (and no JDK 13+ API, which Karaf's
        // endorsed XML specs lack).
        Document doc = com.onelogin.saml2.util.Util.loadXML(response.getSAMLResponseXml());
        if (doc == null) {
            throw new FederatedSignInException("The answer is no SAML response");
        }
        String value = doc.getDocumentElement().getAttribute("InResponseTo");
        return value.isEmpty() ? null : value;
    }

    private static X509Certificate certificate(String pem) throws CertificateException {
        String text = pem.contains("-----BEGIN") ? pem : "-----BEGIN CERTIFICATE-----\n" + pem + "\n-----END CERTIFICATE-----\n";
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Saml2Settings saml(IdentityProviderSettings s) {
        return saml(s, s.requireEncryptedAssertions());
    }

    /**
     * java-saml's settings from Haven's: strict, assertions signed, deprecated algorithms refused; with Haven's key,
     * its certificate and private key (which decrypts encrypted assertions), requests signed and unencrypted assertions
     * refused as the settings say.
     */
    private static Saml2Settings saml(IdentityProviderSettings s, boolean wantEncrypted) {
        Map<String, Object> values = new HashMap<>();
        values.put("onelogin.saml2.strict", true);
        values.put("onelogin.saml2.debug", false);
        values.put("onelogin.saml2.sp.entityid", s.serviceProviderEntityId());
        values.put("onelogin.saml2.sp.assertion_consumer_service.url", s.completeLoginUrl());
        values.put("onelogin.saml2.sp.assertion_consumer_service.binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
        values.put("onelogin.saml2.sp.single_logout_service.url", s.completeLogoutUrl());
        values.put("onelogin.saml2.sp.single_logout_service.binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");
        values.put("onelogin.saml2.sp.nameidformat", s.nameIdFormat());
        values.put("onelogin.saml2.idp.entityid", s.entityId() == null ? "" : s.entityId());
        values.put("onelogin.saml2.idp.single_sign_on_service.url", s.signInUrl() == null ? "" : s.signInUrl());
        if (s.signOutUrl() != null) {
            values.put("onelogin.saml2.idp.single_logout_service.url", s.signOutUrl());
        }
        if (s.certificatePem() != null) {
            values.put("onelogin.saml2.idp.x509cert", s.certificatePem());
        }
        ServiceProviderKey key = s.serviceProviderKey();
        if (key != null) {
            values.put("onelogin.saml2.sp.x509cert", key.certificate());
            values.put("onelogin.saml2.sp.privatekey", key.privateKey());
            if (s.previousServiceProviderKey() != null) {
                // java-saml's slot for a second certificate (meant for the next key) publishes it in the metadata
                // beside the current one, for signing and encryption alike: here the previous key, still in use.
                values.put("onelogin.saml2.sp.x509certNew", s.previousServiceProviderKey().certificate());
            }
        } else if (s.signRequests() || s.requireEncryptedAssertions()) {
            requireKey(s, s.signRequests() ? "sign its requests" : "decrypt assertions");
        }
        // Requests go by HTTP-Redirect, whose signature is over the query (redirectQuery), not in the XML.
        values.put("onelogin.saml2.security.authnrequest_signed", s.signRequests());
        values.put("onelogin.saml2.security.logoutrequest_signed", s.signRequests());
        values.put("onelogin.saml2.security.want_assertions_encrypted", wantEncrypted);
        values.put("onelogin.saml2.security.want_assertions_signed", true);
        values.put("onelogin.saml2.security.want_messages_signed", false);
        values.put("onelogin.saml2.security.want_nameid", true);
        values.put("onelogin.saml2.security.want_xml_validation", true);
        values.put("onelogin.saml2.security.reject_deprecated_alg", true);
        values.put("onelogin.saml2.security.signature_algorithm", SIGNATURE_ALGORITHM);
        values.put("onelogin.saml2.security.digest_algorithm", "http://www.w3.org/2001/04/xmlenc#sha256");
        // No authentication context is asked for: the identity provider decides how its users prove themselves.
        values.put("onelogin.saml2.security.requested_authncontext", "");
        return new SettingsBuilder().fromValues(values).build();
    }
}
