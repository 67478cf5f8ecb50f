package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.haven.testing.oidc.TestOidcProvider;
import io.haven.testing.saml.TestIdentityProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Sign-in with the organisation's identity provider (guide 17, issue 9) through the distribution: root sets the
 * provider and a group up over REST, and a user of the provider signs in to the console in real Chromium, is made
 * in Haven from its group and claims, and signs out at the provider too; a user of a SAML identity provider signs in
 * the way a browser does, and forged or replayed answers are refused. The providers are small ones of testing/ that
 * sign with real RSA keys.
 */
public class SignInWithIdentityProviderIT {

    private static final String PASSWORD = "idp-Root-Pass-5";
    private static final String CLIENT_SECRET = "haven-client-Secret-77";

    private static HavenProcess haven;
    private static TestOidcProvider oidc;
    private static TestIdentityProvider saml;
    private static WebDriver browser;
    private static WebDriverWait wait;
    private static String port;
    private static String base;

    @BeforeClass
    public static void start() throws Exception {
        port = HavenTestSupport.freePort();
        System.setProperty(HavenClient.PORT_PROPERTY, port);
        base = "https://localhost:" + port;
        oidc = new TestOidcProvider("haven", CLIENT_SECRET);
        saml = new TestIdentityProvider();
        haven = new HavenProcess("idp-test", port, PASSWORD);
        haven.start();
        HavenClient api = HavenClient.asRoot(PASSWORD);
        HavenTestSupport.eventually("Haven answers", Duration.ofMinutes(3), () -> api.get("/policies").status() == 200);

        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (haven != null) {
            haven.close();
        }
        if (oidc != null) {
            oidc.close();
        }
        if (saml != null) {
            saml.close();
        }
    }

    @Test
    public void aUserOfAnOpenIdConnectProviderSignsInToTheConsoleAsItsGroupSaysAndOutAgain() {
        HavenClient root = HavenClient.asRoot(PASSWORD);
        HavenClient.Response group = root.post("/user-groups", Map.of("name", "ops", "type", "MANAGED",
                "limits", Map.of("maxAccounts", 2)));
        assertEquals(group.body(), 201, group.status());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enabled", true);
        settings.put("protocol", "oidc");
        settings.put("havenAddress", "localhost:" + port);
        settings.put("entityId", oidc.issuer());
        settings.put("clientId", "haven");
        settings.put("clientSecret", CLIENT_SECRET);
        HavenClient.Response saved = root.put("/identity-provider", settings);
        assertEquals(saved.body(), 200, saved.status());
        assertTrue(saved.json().get("clientSecretSet").asBoolean());
        assertFalse("the client secret is never shown", saved.body().contains(CLIENT_SECRET));
        assertEquals("https://localhost:" + port + "/remote_auth/complete_login/",
                saved.json().get("completeLoginUrl").asText());
        JsonNode test = root.post("/identity-provider/test", "").json();
        assertTrue(test.toString(), test.get("ok").asBoolean());
        assertTrue(HavenClient.anonymous().get("/session/identity-provider").json().get("available").asBoolean());

        // A user of the provider in the Haven group "ops" signs in through the console's button.
        oidc.nextUser("u-olivia", Map.of("preferred_username", "olivia", "email", "olivia@example.com",
                "cpm_user_groups", List.of("staff", "cpm_ops"), "cpm_user_permissions", "max_instances=5"));
        browser.get(base + "/console/");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("idp-sign-in"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "Signed in as olivia"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Dashboard']")));
        assertNotNull(browser.manage().getCookieNamed("__Host-haven-session"));
        assertEquals(1, oidc.tokensIssued());

        JsonNode olivia = null;
        for (JsonNode user : root.get("/users").json()) {
            if (user.get("username").asText().equals("olivia")) {
                olivia = user;
            }
        }
        assertNotNull("olivia was made at her first sign-in", olivia);
        assertEquals("MANAGED", olivia.get("type").asText());
        assertEquals("olivia@example.com", olivia.get("email").asText());
        assertEquals("the group's limit", 2, olivia.get("limits").get("maxAccounts").asInt());
        assertEquals("her own claim's limit", 5, olivia.get("limits").get("maxInstances").asInt());
        assertTrue(root.get("/audit?limit=50").body().contains("sign in with the identity provider"));
        HavenClient.Response reset = root.put("/users/" + olivia.get("id").asLong() + "/password",
                Map.of("newPassword", "a-password-of-hers-9"));
        assertEquals("she has no password in Haven", 409, reset.status());

        // Signing out ends the session and goes to the provider's end-session endpoint, then nothing is signed in.
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.urlContains(oidc.issuer() + "/logout"));
        browser.get(base + "/console/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));

        // A user in no Haven group is told why, and no user is made.
        oidc.nextUser("u-mallory", Map.of("preferred_username", "mallory", "cpm_user_groups", List.of("staff")));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("idp-sign-in"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "belongs to no Haven group"));
        assertFalse(root.get("/users").body().contains("mallory"));
    }

    /**
     * Decision 0044 and 0048 through the distribution: the identity provider imports Haven's certificate from Haven's
     * real metadata, requires Haven's requests signed by it and encrypts its assertions for it; then root rolls the key
     * over, and the previous key decrypts until root retires it.
     */
    @Test
    public void samlRequestsAreSignedAndAssertionsEncryptedForHavensKeyWhichRootRollsOverAndRetires() throws Exception {
        HavenClient root = HavenClient.asRoot(PASSWORD);
        assertEquals(201, root.post("/user-groups", Map.of("name", "auditors", "type", "MANAGED")).status());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enabled", true);
        settings.put("protocol", "saml");
        settings.put("havenAddress", "localhost:" + port);
        settings.put("entityId", saml.entityId());
        settings.put("signInUrl", saml.signInUrl());
        settings.put("certificatePem", saml.certificatePem());
        settings.put("signRequests", true);
        settings.put("requireEncryptedAssertions", true);
        HavenClient.Response saved = root.put("/identity-provider", settings);
        assertEquals(saved.body(), 200, saved.status());
        String metadata = HavenClient.anonymous().getOutsideApi("/remote_auth/metadata").body();
        assertTrue(metadata, metadata.contains("AuthnRequestsSigned=\"true\""));
        TestIdentityProvider.ServiceProviderCertificates published = TestIdentityProvider.readMetadata(metadata);
        assertEquals(1, published.signing().size());
        X509Certificate first = published.signing().get(0);
        assertEquals(List.of(first), published.encryption());
        assertEquals("REST shows the certificate of the metadata", pem(first),
                root.get("/identity-provider/keys").json().get("current").get("certificatePem").asText());
        saml.requireRequestsSignedBy(published.signing());
        saml.encryptAssertionsFor(first);
        saml.nextUser("erin@example.com", Map.of("cpm_user_groups", List.of("cpm_auditors")));

        HavenClient.Response signedIn = signInThroughTheIdentityProvider(true);
        assertEquals(signedIn.body(), 303, signedIn.status());
        assertEquals("erin@example.com", sessionOf(signedIn).get("username").asText());

        // A request whose signature does not hold is refused by the identity provider, Haven never hears of it.
        String toIdp = HavenClient.anonymous().getOutsideApi("/remote_auth/login").header("Location");
        int refusedBefore = saml.refusedRequests();
        HttpResponse<String> broken = browserGet(toIdp.replaceFirst("&Signature=[A-Za-z0-9%]{8}", "&Signature=AAAAAAAA"));
        assertEquals(broken.body(), 403, broken.statusCode());
        assertEquals(refusedBefore + 1, saml.refusedRequests());
        // An assertion in clear is refused by Haven, which requires encryption.
        saml.encryptAssertionsFor(null);
        HavenClient.Response clear = signInThroughTheIdentityProvider(false);
        assertEquals(clear.body(), 401, clear.status());
        assertTrue(clear.body(), clear.body().contains("encrypted"));

        // Root rolls the key over: the new key signs; the identity provider, not yet told, still encrypts for the first.
        HavenClient.Response rolled = root.post("/identity-provider/keys/roll-over", Map.of("graceDays", 3));
        assertEquals(rolled.body(), 200, rolled.status());
        assertEquals(pem(first), rolled.json().get("previous").get("certificatePem").asText());
        assertEquals(409, root.post("/identity-provider/keys/roll-over", Map.of()).status());
        TestIdentityProvider.ServiceProviderCertificates both = TestIdentityProvider.readMetadata(
                HavenClient.anonymous().getOutsideApi("/remote_auth/metadata").body());
        assertEquals("both certificates published for signing", 2, both.signing().size());
        assertEquals("and for encryption", both.signing(), both.encryption());
        X509Certificate second = both.signing().stream().filter(c -> !c.equals(first)).findFirst().orElseThrow();
        assertEquals(pem(second), rolled.json().get("current").get("certificatePem").asText());
        String signedBySecond = HavenClient.anonymous().getOutsideApi("/remote_auth/login").header("Location");
        assertTrue(TestIdentityProvider.requestSignedBy(signedBySecond, second));
        assertFalse("the previous key no longer signs", TestIdentityProvider.requestSignedBy(signedBySecond, first));
        saml.requireRequestsSignedBy(both.signing());
        saml.encryptAssertionsFor(first);
        HavenClient.Response withPrevious = signInThroughTheIdentityProvider(true);
        assertEquals("the previous key still decrypts: " + withPrevious.body(), 303, withPrevious.status());

        // Root sees both keys in the console and retires the previous one there; it is then gone from the metadata
        // and decrypts nothing.
        browser.get(base + "/console/");
        try {
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username"))).sendKeys("root");
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "As of"));
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#nav-idp a"))).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"),
                    "Previous key (still decrypts)"));
            String screen = browser.findElement(By.tagName("main")).getText();
            assertTrue(screen, screen.contains(rolled.json().get("current").get("sha256Fingerprint").asText())
                    && screen.contains(rolled.json().get("previous").get("sha256Fingerprint").asText()));
            browser.findElement(By.cssSelector("button[aria-label=\"Retire Haven's previous SAML key\"]")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "No previous key is kept."));
        } finally {
            // The browser is the OpenID Connect test's too: it must find nobody signed in.
            browser.manage().deleteAllCookies();
        }
        JsonNode retired = root.get("/identity-provider/keys").json();
        assertTrue(retired.toString(), retired.get("previous") == null || retired.get("previous").isNull());
        assertEquals(rolled.json().get("current").get("certificatePem").asText(),
                retired.get("current").get("certificatePem").asText());
        assertEquals(List.of(second), TestIdentityProvider.readMetadata(
                HavenClient.anonymous().getOutsideApi("/remote_auth/metadata").body()).signing());
        HavenClient.Response afterRetiring = signInThroughTheIdentityProvider(true);
        assertEquals(afterRetiring.body(), 401, afterRetiring.status());
        saml.encryptAssertionsFor(second);
        assertEquals(303, signInThroughTheIdentityProvider(true).status());
        String audit = root.get("/audit?limit=50").body();
        assertTrue(audit, audit.contains("POST /identity-provider/keys/roll-over")
                && audit.contains("POST /identity-provider/keys/retire-previous"));
    }

    /**
     * What a browser does: Haven's sign-in redirect, the identity provider's page (its auto-posting form, which must
     * hold an encrypted assertion when {@code encrypted}), and the form posted to Haven; Haven's answer.
     */
    private static HavenClient.Response signInThroughTheIdentityProvider(boolean encrypted) throws Exception {
        HavenClient.Response login = HavenClient.anonymous().getOutsideApi("/remote_auth/login");
        assertEquals(login.body(), 303, login.status());
        HttpResponse<String> page = browserGet(login.header("Location"));
        assertEquals(page.body(), 200, page.statusCode());
        Matcher form = Pattern.compile("action=\"([^\"]+)\".*name=\"SAMLResponse\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(page.body(), form.find());
        assertEquals("https://localhost:" + port + "/remote_auth/complete_login/", form.group(1));
        String xml = new String(Base64.getDecoder().decode(form.group(2)), StandardCharsets.UTF_8);
        assertEquals(xml, encrypted, xml.contains("EncryptedAssertion") && !xml.contains("<saml:NameID"));
        return HavenClient.anonymous().postFormOutsideApi("/remote_auth/complete_login/",
                Map.of("SAMLResponse", form.group(2)));
    }

    private static HttpResponse<String> browserGet(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode sessionOf(HavenClient.Response signedIn) {
        String cookie = signedIn.header("Set-Cookie");
        return HavenClient.session(cookie.substring("__Host-haven-session=".length(), cookie.indexOf(';')), null)
                .get("/session").json();
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    public void aUserOfASamlIdentityProviderSignsInWithASignedAnswerAndForgedOrReplayedAnswersAreRefused() throws Exception {
        HavenClient root = HavenClient.asRoot(PASSWORD);
        assertEquals(201, root.post("/user-groups", Map.of("name", "finance", "type", "INDEPENDENT")).status());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("enabled", true);
        settings.put("protocol", "saml");
        settings.put("havenAddress", "localhost:" + port);
        settings.put("entityId", saml.entityId());
        settings.put("signInUrl", saml.signInUrl());
        settings.put("signOutUrl", saml.signOutUrl());
        settings.put("certificatePem", saml.certificatePem());
        HavenClient.Response saved = root.put("/identity-provider", settings);
        assertEquals(saved.body(), 200, saved.status());
        JsonNode test = root.post("/identity-provider/test", "").json();
        assertTrue(test.toString(), test.get("ok").asBoolean());
        HavenClient.Response metadata = HavenClient.anonymous().getOutsideApi("/remote_auth/metadata");
        assertEquals(200, metadata.status());
        assertTrue(metadata.body(), metadata.body().contains("entityID=\"https://localhost:" + port + "/remote_auth/metadata\""));

        // The browser goes to the identity provider with Haven's request and comes back with its signed answer.
        HavenClient.Response login = HavenClient.anonymous().getOutsideApi("/remote_auth/login?returnTo=/console/%23/backups");
        assertEquals(login.body(), 303, login.status());
        String toIdp = login.header("Location");
        assertTrue(toIdp, toIdp.startsWith(saml.signInUrl() + "?SAMLRequest="));
        String answer = saml.answer(toIdp, "sam@example.com", Map.of("cpm_user_groups", List.of("cpm_finance"),
                "user_email", List.of("sam@example.com")));
        HavenClient.Response back = HavenClient.anonymous().postFormOutsideApi("/remote_auth/complete_login/",
                Map.of("SAMLResponse", answer));
        assertEquals(back.body(), 303, back.status());
        assertEquals("/console/#/backups", back.header("Location"));
        String cookie = back.header("Set-Cookie");
        assertTrue(cookie, cookie.startsWith("__Host-haven-session=") && cookie.contains("HttpOnly"));
        String token = cookie.substring("__Host-haven-session=".length(), cookie.indexOf(';'));
        JsonNode session = HavenClient.session(token, null).get("/session").json();
        assertEquals("sam@example.com", session.get("username").asText());
        assertEquals("INDEPENDENT", session.get("type").asText());

        HavenClient.Response replayed = HavenClient.anonymous().postFormOutsideApi("/remote_auth/complete_login/",
                Map.of("SAMLResponse", answer));
        assertEquals(replayed.body(), 401, replayed.status());
        assertTrue(replayed.body(), replayed.body().contains("no sign-in Haven started"));
        String next = HavenClient.anonymous().getOutsideApi("/remote_auth/login").header("Location");
        HavenClient.Response forged = HavenClient.anonymous().postFormOutsideApi("/remote_auth/complete_login/",
                Map.of("SAMLResponse", saml.answer(next, "root", Map.of("cpm_user_groups", List.of("cpm_finance")),
                        TestIdentityProvider.Answer.GOOD.signedByAnotherKey())));
        assertEquals(forged.body(), 401, forged.status());
        assertTrue(forged.body(), forged.body().contains("Signature validation failed"));

        // Signing out ends the session and sends the browser to the identity provider with a LogoutRequest for sam.
        HavenClient.Response out = HavenClient.session(token, null).getOutsideApi("/remote_auth/logout");
        assertEquals(303, out.status());
        assertTrue(saml.logoutRequest(out.header("Location")).endsWith(" sam@example.com"));
        assertEquals("the session is over", 401, HavenClient.session(token, null).get("/session").status());
    }
}
