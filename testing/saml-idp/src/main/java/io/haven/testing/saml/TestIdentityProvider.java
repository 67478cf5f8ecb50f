package io.haven.testing.saml;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A small SAML 2.0 identity provider for tests. It makes a fresh RSA 2048 key and a self-signed certificate, serves
 * its "sign-in URL" on 127.0.0.1 (so that a "test connection" reaches it), and answers an AuthnRequest taken from the
 * redirect URL Haven sent the browser to with the base64 {@code SAMLResponse} a browser would post: a Success
 * response to that request, addressed to its assertion consumer service, for the audience of its issuer, with one
 * assertion signed with RSA-SHA256 and exclusive canonicalization by Apache Santuario. {@link Answer} makes the
 * variants a service provider must refuse.
 */
public final class TestIdentityProvider implements AutoCloseable {

    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";

    /**
     * How an answer departs from a good one; {@link #GOOD} departs in nothing. {@code encryptFor}: the assertion is
     * encrypted for this certificate (EncryptedAssertion: AES-128-CBC, the key wrapped with RSA-OAEP), null: in clear.
     */
    public record Answer(boolean signed, boolean otherKey, boolean sha1, String audience, Duration shift,
                         boolean inResponseTo, X509Certificate encryptFor) {
        public static final Answer GOOD = new Answer(true, false, false, null, Duration.ZERO, true, null);

        public Answer unsigned() {
            return new Answer(false, otherKey, sha1, audience, shift, inResponseTo, encryptFor);
        }

        public Answer signedByAnotherKey() {
            return new Answer(signed, true, sha1, audience, shift, inResponseTo, encryptFor);
        }

        public Answer withSha1() {
            return new Answer(signed, otherKey, true, audience, shift, inResponseTo, encryptFor);
        }

        public Answer forAudience(String other) {
            return new Answer(signed, otherKey, sha1, other, shift, inResponseTo, encryptFor);
        }

        /** Issued this much earlier (a positive shift makes an expired answer). */
        public Answer issuedEarlierBy(Duration earlier) {
            return new Answer(signed, otherKey, sha1, audience, earlier, inResponseTo, encryptFor);
        }

        public Answer unsolicited() {
            return new Answer(signed, otherKey, sha1, audience, shift, false, encryptFor);
        }

        /** The assertion encrypted for the service provider's certificate, as its metadata publishes it. */
        public Answer encryptedFor(X509Certificate certificate) {
            return new Answer(signed, otherKey, sha1, audience, shift, inResponseTo, certificate);
        }
    }

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final HttpServer server;
    /** The service provider's request signing certificates; empty: requests need no signature. */
    private volatile List<X509Certificate> requestSigners = List.of();
    /** The certificate assertions are encrypted for; null: in clear. */
    private volatile X509Certificate encryptFor;
    private volatile String nextNameId;
    private volatile Map<String, List<String>> nextAttributes = Map.of();
    private final java.util.concurrent.atomic.AtomicInteger refusedRequests = new java.util.concurrent.atomic.AtomicInteger();

    public TestIdentityProvider() throws Exception {
        org.apache.xml.security.Init.init();
        keys = rsa();
        certificate = selfSigned(keys, "CN=Haven test identity provider");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", e -> {
            byte[] body = "Haven's test identity provider".getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.createContext("/sso", e -> {
            int status;
            String body;
            String query = e.getRequestURI().getRawQuery();
            try {
                String url = signInUrl() + "?" + query;
                if (query == null || !query.contains("SAMLRequest=")) {
                    // a plain visit, such as Haven's connection test: a real identity provider shows its sign-in page
                    status = 200;
                    body = "Haven's test identity provider: sign in by sending a SAMLRequest";
                } else if (!signedAsRequired(url)) {
                    refusedRequests.incrementAndGet();
                    status = 403;
                    body = "Invalid requester: the request's signature is missing or no trusted certificate proves it";
                } else {
                    status = 200;
                    body = autoPostForm(url, answer(url, nextNameId, nextAttributes, Answer.GOOD.encryptedFor(encryptFor)));
                }
            } catch (Exception failure) {
                status = 400;
                body = "Bad request: " + failure;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            e.getResponseHeaders().set("Content-Type", status == 200 ? "text/html; charset=utf-8" : "text/plain");
            e.sendResponseHeaders(status, bytes.length);
            e.getResponseBody().write(bytes);
            e.close();
        });
        server.start();
    }

    /**
     * Requires requests to be signed (HTTP-Redirect, RSA-SHA256) by one of these service provider certificates, as an
     * identity provider's "client signature required" does once its administrator imported them; none: no signature
     * is required.
     */
    public void requireRequestsSignedBy(List<X509Certificate> certificates) {
        requestSigners = List.copyOf(certificates);
    }

    /** Encrypts the assertions its sign-in URL answers for this certificate; null: answers in clear. */
    public void encryptAssertionsFor(X509Certificate certificate) {
        encryptFor = certificate;
    }

    /** The user its sign-in URL signs in next (as if the browser's user had typed their password there). */
    public void nextUser(String nameId, Map<String, List<String>> attributes) {
        nextNameId = nameId;
        nextAttributes = Map.copyOf(attributes);
    }

    /** How many requests its sign-in URL refused for their signature. */
    public int refusedRequests() {
        return refusedRequests.get();
    }

    private boolean signedAsRequired(String url) throws Exception {
        List<X509Certificate> signers = requestSigners;
        if (signers.isEmpty()) {
            return true;
        }
        for (X509Certificate signer : signers) {
            if (requestSignedBy(url, signer)) {
                return true;
            }
        }
        return false;
    }

    /** The page that makes the browser post the answer to the service provider (SAML HTTP-POST binding). */
    private static String autoPostForm(String signInRedirectUrl, String samlResponse) throws Exception {
        String acs = parse(inflate(Base64.getDecoder().decode(query(signInRedirectUrl, "SAMLRequest"))))
                .getDocumentElement().getAttribute("AssertionConsumerServiceURL");
        return "<!DOCTYPE html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\""
                + acs + "\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"" + samlResponse
                + "\"/><noscript><button>Continue</button></noscript></form></body></html>";
    }

    /** A service provider's certificates as its metadata publishes them, for signing and for encryption. */
    public record ServiceProviderCertificates(List<X509Certificate> signing, List<X509Certificate> encryption) {
    }

    /** Reads a service provider's KeyDescriptors from its metadata, as an identity provider imports it. */
    public static ServiceProviderCertificates readMetadata(String metadataXml) throws Exception {
        Document metadata = parse(metadataXml.getBytes(StandardCharsets.UTF_8));
        List<X509Certificate> signing = new java.util.ArrayList<>();
        List<X509Certificate> encryption = new java.util.ArrayList<>();
        org.w3c.dom.NodeList descriptors = metadata.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata",
                "KeyDescriptor");
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        for (int i = 0; i < descriptors.getLength(); i++) {
            Element descriptor = (Element) descriptors.item(i);
            String base64 = descriptor.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")
                    .item(0).getTextContent().replaceAll("\\s", "");
            X509Certificate read = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
            String use = descriptor.getAttribute("use");
            if (use.isEmpty() || use.equals("signing")) {
                signing.add(read);
            }
            if (use.isEmpty() || use.equals("encryption")) {
                encryption.add(read);
            }
        }
        return new ServiceProviderCertificates(List.copyOf(signing), List.copyOf(encryption));
    }

    public String entityId() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metadata";
    }

    public String signInUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sso";
    }

    public String signOutUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slo";
    }

    /** The signing certificate, PEM, as an administrator copies it into Haven. */
    public String certificatePem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A good answer to the AuthnRequest in {@code signInRedirectUrl}. */
    public String answer(String signInRedirectUrl, String nameId, Map<String, List<String>> attributes) throws Exception {
        return answer(signInRedirectUrl, nameId, attributes, Answer.GOOD);
    }

    /** The base64 SAMLResponse to the AuthnRequest in {@code signInRedirectUrl}, departing from a good one as said. */
    public String answer(String signInRedirectUrl, String nameId, Map<String, List<String>> attributes, Answer how)
            throws Exception {
        Document request = parse(inflate(Base64.getDecoder().decode(query(signInRedirectUrl, "SAMLRequest"))));
        Element authn = request.getDocumentElement();
        String requestId = authn.getAttribute("ID");
        String acs = authn.getAttribute("AssertionConsumerServiceURL");
        String spEntityId = authn.getElementsByTagNameNS(ASSERTION, "Issuer").item(0).getTextContent();

        Instant now = Instant.now().minus(how.shift()).truncatedTo(ChronoUnit.SECONDS);
        Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().newDocument();
        Element response = doc.createElementNS(PROTOCOL, "samlp:Response");
        response.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:saml", ASSERTION);
        doc.appendChild(response);
        response.setAttribute("ID", "_" + UUID.randomUUID());
        response.setAttribute("Version", "2.0");
        response.setAttribute("IssueInstant", now.toString());
        response.setAttribute("Destination", acs);
        if (how.inResponseTo()) {
            response.setAttribute("InResponseTo", requestId);
        }
        response.appendChild(text(doc, ASSERTION, "saml:Issuer", entityId()));
        Element status = child(doc, response, PROTOCOL, "samlp:Status");
        child(doc, status, PROTOCOL, "samlp:StatusCode").setAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Success");

        Element assertion = child(doc, response, ASSERTION, "saml:Assertion");
        String assertionId = "_" + UUID.randomUUID();
        assertion.setAttribute("ID", assertionId);
        assertion.setIdAttribute("ID", true);
        assertion.setAttribute("Version", "2.0");
        assertion.setAttribute("IssueInstant", now.toString());
        Element issuer = assertion.appendChild(text(doc, ASSERTION, "saml:Issuer", entityId())) instanceof Element e ? e : null;
        Element subject = child(doc, assertion, ASSERTION, "saml:Subject");
        Element name = text(doc, ASSERTION, "saml:NameID", nameId);
        name.setAttribute("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        subject.appendChild(name);
        Element confirmation = child(doc, subject, ASSERTION, "saml:SubjectConfirmation");
        confirmation.setAttribute("Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer");
        Element data = child(doc, confirmation, ASSERTION, "saml:SubjectConfirmationData");
        data.setAttribute("NotOnOrAfter", now.plus(Duration.ofMinutes(5)).toString());
        data.setAttribute("Recipient", acs);
        if (how.inResponseTo()) {
            data.setAttribute("InResponseTo", requestId);
        }
        Element conditions = child(doc, assertion, ASSERTION, "saml:Conditions");
        conditions.setAttribute("NotBefore", now.minus(Duration.ofMinutes(1)).toString());
        conditions.setAttribute("NotOnOrAfter", now.plus(Duration.ofMinutes(5)).toString());
        Element restriction = child(doc, conditions, ASSERTION, "saml:AudienceRestriction");
        restriction.appendChild(text(doc, ASSERTION, "saml:Audience", how.audience() == null ? spEntityId : how.audience()));
        Element authnStatement = child(doc, assertion, ASSERTION, "saml:AuthnStatement");
        authnStatement.setAttribute("AuthnInstant", now.toString());
        authnStatement.setAttribute("SessionIndex", "_session-" + UUID.randomUUID());
        Element context = child(doc, authnStatement, ASSERTION, "saml:AuthnContext");
        context.appendChild(text(doc, ASSERTION, "saml:AuthnContextClassRef",
                "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"));
        if (!attributes.isEmpty()) {
            Element statement = child(doc, assertion, ASSERTION, "saml:AttributeStatement");
            attributes.forEach((attribute, values) -> {
                Element a = child(doc, statement, ASSERTION, "saml:Attribute");
                a.setAttribute("Name", attribute);
                values.forEach(v -> a.appendChild(text(doc, ASSERTION, "saml:AttributeValue", v)));
            });
        }
        if (how.signed()) {
            XMLSignature signature = new XMLSignature(doc, "", how.sha1() ? XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1
                    : XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            assertion.insertBefore(signature.getElement(), issuer.getNextSibling());
            Transforms transforms = new Transforms(doc);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + assertionId, transforms, how.sha1()
                    ? "http://www.w3.org/2000/09/xmldsig#sha1" : "http://www.w3.org/2001/04/xmlenc#sha256");
            KeyPair signing = how.otherKey() ? rsa() : keys;
            signature.addKeyInfo(how.otherKey() ? selfSigned(signing, "CN=Someone else") : certificate);
            signature.sign(signing.getPrivate());
        }
        if (how.encryptFor() != null) {
            encrypt(doc, response, assertion, how.encryptFor());
        }
        StringWriter xml = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(xml));
        return Base64.getEncoder().encodeToString(xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces the (signed) assertion by an EncryptedAssertion for the certificate's key. */
    private static void encrypt(Document doc, Element response, Element assertion, X509Certificate to) throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(128);
        SecretKey contentKey = generator.generateKey();
        XMLCipher keyCipher = XMLCipher.getInstance(XMLCipher.RSA_OAEP);
        keyCipher.init(XMLCipher.WRAP_MODE, to.getPublicKey());
        EncryptedKey encryptedKey = keyCipher.encryptKey(doc, contentKey);
        XMLCipher dataCipher = XMLCipher.getInstance(XMLCipher.AES_128);
        dataCipher.init(XMLCipher.ENCRYPT_MODE, contentKey);
        KeyInfo keyInfo = new KeyInfo(doc);
        keyInfo.add(encryptedKey);
        dataCipher.getEncryptedData().setKeyInfo(keyInfo);
        Element encryptedAssertion = doc.createElementNS(ASSERTION, "saml:EncryptedAssertion");
        response.replaceChild(encryptedAssertion, assertion);
        encryptedAssertion.appendChild(assertion);
        dataCipher.doFinal(doc, assertion, false);
    }

    /**
     * Checks the signature of an HTTP-Redirect request (SAML bindings 3.4.4.1) with the service provider's certificate:
     * RSA-SHA256 over {@code SAMLRequest}, {@code RelayState} and {@code SigAlg} as they stand in the URL.
     *
     * @return whether the URL carries a signature, by that algorithm, that the certificate proves
     */
    public static boolean requestSignedBy(String redirectUrl, X509Certificate certificate) throws Exception {
        StringBuilder signed = new StringBuilder();
        String signatureValue = null;
        String algorithm = null;
        for (String pair : URI.create(redirectUrl).getRawQuery().split("&")) {
            String name = pair.substring(0, pair.indexOf('='));
            if (name.equals("SAMLRequest") || name.equals("RelayState") || name.equals("SigAlg")) {
                signed.append(signed.length() == 0 ? "" : "&").append(pair);
            }
            if (name.equals("SigAlg")) {
                algorithm = URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
            if (name.equals("Signature")) {
                signatureValue = URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        if (signatureValue == null || !"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256".equals(algorithm)) {
            return false;
        }
        java.security.Signature verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(signed.toString().getBytes(StandardCharsets.UTF_8));
        try {
            return verifier.verify(Base64.getDecoder().decode(signatureValue));
        } catch (java.security.SignatureException | IllegalArgumentException malformed) {
            // a signature of the wrong length or not even base64 proves nothing either: refused, as a real IdP does
            return false;
        }
    }

    /** The id of the LogoutRequest in a sign-out redirect URL, and its NameID, as "id nameId". */
    public String logoutRequest(String signOutRedirectUrl) throws Exception {
        Element logout = parse(inflate(Base64.getDecoder().decode(query(signOutRedirectUrl, "SAMLRequest"))))
                .getDocumentElement();
        return logout.getAttribute("ID") + " " + logout.getElementsByTagNameNS(ASSERTION, "NameID").item(0).getTextContent();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String query(String url, String parameter) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(parameter + "=")) {
                return URLDecoder.decode(pair.substring(parameter.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("No " + parameter + " in " + url);
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultNSInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static Element child(Document doc, Element parent, String ns, String name) {
        Element element = doc.createElementNS(ns, name);
        parent.appendChild(element);
        return element;
    }

    private static Element text(Document doc, String ns, String name, String value) {
        Element element = doc.createElementNS(ns, name);
        element.setTextContent(value);
        return element;
    }

    /** A fresh RSA key and its self-signed certificate, such as a service provider's. */
    public record KeyAndCertificate(PrivateKey privateKey, X509Certificate certificate) {
    }

    public static KeyAndCertificate newKeyAndCertificate(String subject) throws Exception {
        KeyPair pair = rsa();
        return new KeyAndCertificate(pair.getPrivate(), selfSigned(pair, subject));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys, String subject) throws Exception {
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        PrivateKey key = keys.getPrivate();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }
}
