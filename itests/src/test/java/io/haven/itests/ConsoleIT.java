package io.haven.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The web console in real headless Chromium (Debian's chromium and chromium-driver) against the
 * distribution and moto: sign in, add an account, make a schedule (its live preview) and a policy with a
 * volume found by discovery, run it and watch the backup turn successful in the monitor without a reload,
 * a bad field shown next to it; a DR account, a policy's DR account and a recovery from its copies; a failing policy's
 * alert acknowledged and an alerts key made; an API key made (shown once) and revoked; a webhook notifier
 * added through the form its plugin describes; a managed user added, who then sees no Users link, is refused by the
 * API, turns on two-step sign-in and signs in with a one-time code, and whose password change ends her session; sign out; the session cookie's attributes, CSRF refused without the token,
 * the console's security headers, and axe-core (from npm) finding no serious accessibility violation on
 * any screen. Screenshots of every screen go to target/console-screenshots.
 */
public class ConsoleIT {

    private static final String PASSWORD = "console-Root-Pass-5";
    private static final String CAROLS_PASSWORD = "carols-First-Pass-7";
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final String AXE_VERSION = "4.14.1";
    private static final String DR_AWS_ACCOUNT = "210987654321";

    private static HavenProcess haven;
    private static WebDriver browser;
    private static WebDriverWait wait;
    private static String base;

    @BeforeClass
    public static void start() throws Exception {
        String port = HavenTestSupport.freePort();
        System.setProperty(HavenClient.PORT_PROPERTY, port);
        base = "https://localhost:" + port;
        haven = new HavenProcess("console-test", port, PASSWORD, "io.haven.core.cfg:maxPollIntervalSeconds", "1");
        haven.start();
        HavenClient api = HavenClient.asRoot(PASSWORD);
        HavenTestSupport.eventually("Haven answers", Duration.ofMinutes(3), () -> api.get("/policies").status() == 200);
        HavenTestSupport.eventually("the console is served", Duration.ofMinutes(1),
                () -> api.getOutsideApi("/console/").status() == 200);

        browser = HeadlessChromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (haven != null) {
            haven.close();
        }
    }

    @Test
    public void theCoreFlowInTheBrowser() throws Exception {
        String volume = emulatorVolume();

        browser.get(base + "/");
        wait.until(ExpectedConditions.urlToBe(base + "/console/"));
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        checkScreen("sign-in");
        user.sendKeys("root");
        browser.findElement(By.name("password")).sendKeys("wrong-password-1");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=alert]"), "wrong"));
        browser.findElement(By.name("password")).clear();
        browser.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));

        Cookie cookie = browser.manage().getCookieNamed("__Host-haven-session");
        assertNotNull("the session cookie", cookie);
        assertTrue(cookie.isHttpOnly());
        assertTrue(cookie.isSecure());
        assertEquals("Strict", cookie.getSameSite());

        // Signed in, the dashboard comes first: nothing protected yet
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Dashboard']")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Nothing yet"));

        // Accounts: a backup account kept from deleting snapshots is refused next to the check box (only a DR account
        // may, core says), what was typed stays; then the emulator is added, verified
        go("#/accounts", "Accounts");
        type("name", "emulator");
        type("accessKeyId", "test");
        type("secretAccessKey", "test-secret");
        type("endpoint", DriverMoto.get().endpoint());
        WebElement allowDeleting = browser.findElement(By.name("allowDeletingSnapshots"));
        assertTrue("on by default", allowDeleting.isSelected());
        allowDeleting.click();
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-error-for=allowDeletingSnapshots]"), "Only a DR account"));
        assertEquals("true", allowDeleting.getAttribute("aria-invalid"));
        assertEquals("test", browser.findElement(By.name("accessKeyId")).getAttribute("value"));
        checkScreen("account-error");
        allowDeleting.click();
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"), "verified: AWS account"));
        assertNotNull(browser.findElement(By.cssSelector("button[aria-label='Delete account emulator']")));
        // A DR account (guide 3.2.1) reached by a role assumed through the emulator (moto's STS answers the role's
        // account), kept from deleting snapshots; the list shows its type
        type("name", "vault");
        new Select(browser.findElement(By.name("type"))).selectByValue("DR");
        new Select(browser.findElement(By.name("authMethod"))).selectByValue("ASSUME_ROLE");
        assertTrue("no access keys for a role", !browser.findElement(By.name("accessKeyId")).isDisplayed());
        new Select(browser.findElement(By.name("viaAccountId"))).selectByVisibleText("emulator");
        type("roleAccountNumber", DR_AWS_ACCOUNT);
        type("roleName", "HavenDr");
        type("endpoint", DriverMoto.get().endpoint());
        browser.findElement(By.name("allowDeletingSnapshots")).click();
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"),
                "vault added and verified: AWS account " + DR_AWS_ACCOUNT));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "DR, keeps deleted copies"));
        JsonNode vault = api0().get("/accounts").json().get(1);
        assertEquals("DR", vault.get("type").asText());
        assertTrue(!vault.get("allowDeletingSnapshots").asBoolean());
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        checkScreen("accounts");
        // Its row turns deleting back on, and off again (as the rest of this test has it)
        browser.findElement(By.cssSelector("button[aria-label='Allow deleting snapshots in vault']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Keep deleted copies in vault']")));
        assertTrue(api0().get("/accounts/" + vault.get("id").asLong()).json().get("allowDeletingSnapshots").asBoolean());
        browser.findElement(By.cssSelector("button[aria-label='Keep deleted copies in vault']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Allow deleting snapshots in vault']")));
        assertTrue(!api0().get("/accounts/" + vault.get("id").asLong()).json().get("allowDeletingSnapshots").asBoolean());
        // Edit (guide 16.4): the emulator's account is renamed, its credentials kept
        browser.findElement(By.cssSelector("button[aria-label='Edit account emulator']")).click();
        WebElement editForm = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[aria-label='Edit account emulator']")));
        WebElement newName = editForm.findElement(By.name("name"));
        assertEquals("emulator", newName.getAttribute("value"));
        newName.clear();
        newName.sendKeys("emulator-main");
        checkScreen("account-edit");
        editForm.findElement(By.xpath(".//button[text()='Save and verify']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"),
                "Account emulator-main saved."));
        assertEquals("emulator-main", api0().get("/accounts").json().get(0).get("name").asText());
        assertEquals("the keys stay", "test", api0().get("/accounts").json().get(0).get("accessKeyId").asText());

        // Schedules: a bad field is shown next to it, the preview follows the form, the save keeps nothing back
        go("#/schedules", "Schedules");
        type("name", "nightly");
        String start = LocalDateTime.ofInstant(Instant.now().plus(Duration.ofDays(1)), ZoneId.systemDefault())
                .format(DateTimeFormatter.ofPattern("MMddyyyy'\t'hhmma"));
        browser.findElement(By.name("start")).sendKeys(start);
        wait.until(d -> d.findElements(By.cssSelector("ol.runs li")).size() == 5);
        WebElement every = browser.findElement(By.name("every"));
        every.clear();
        every.sendKeys("0");
        submit();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-error-for=every]")));
        wait.until(d -> !error.getText().isBlank());
        assertEquals("true", every.getAttribute("aria-invalid"));
        assertEquals("nightly", browser.findElement(By.name("name")).getAttribute("value"));
        checkScreen("schedules-error");
        every.clear();
        every.sendKeys("1");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "nightly"));
        checkScreen("schedules");

        // Policies: create with the schedule, add the volume from discovery, run now
        go("#/policies", "Policies");
        type("name", "web");
        new Select(browser.findElement(By.name("scheduleIds"))).selectByVisibleText("nightly");
        submit();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Policy web']")));
        new Select(browser.findElement(By.name("type"))).selectByValue("ebs-volume");
        browser.findElement(By.xpath("//button[text()='Find resources']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("input[aria-label='Select " + volume + "']"))).click();
        browser.findElement(By.xpath("//button[text()='Add selected']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "1 added to web"));
        // Found again, the volume is in this policy, and the Policies column (core's answer) names it
        browser.findElement(By.xpath("//button[text()='Find resources']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[aria-live] table"), "in this policy"));
        assertTrue(api0().get("/accounts/" + api0().get("/accounts").json().get(0).get("id").asLong() + "/resources?type=ebs-volume&region=us-east-1")
                .body().contains("\"policies\":[\"web\"]"));
        checkScreen("policy");
        browser.findElement(By.xpath("//button[text()='Run now']")).click();

        // The monitor: the backup turns successful without a reload, with its snapshot and log
        wait.until(ExpectedConditions.urlMatches("#/backups/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
                ExpectedConditions.textToBe(By.id("backup-status"), "SUCCESSFUL"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='" + volume + "']")));
        assertTrue(browser.findElement(By.cssSelector("pre.log")).getText().length() > 0);
        String backupHead = browser.findElement(By.tagName("main")).getText();
        assertTrue("no line prints a missing value: " + backupHead, !backupHead.contains("null"));
        checkScreen("backup");
        String backupId = browser.getCurrentUrl().replaceAll(".*#/backups/(\\d+)$", "$1");

        // The freezer: the backup is kept under a name, as the API then says too
        type("name", "before-upgrade");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("frozen"), "before-upgrade"));
        assertEquals("before-upgrade", HavenClient.asRoot(PASSWORD).get("/backups/" + backupId).json()
                .get("frozen").get("name").asText());

        // Recovery: the form is the volume plugin's options; a size below the snapshot's is named next to its
        // field; a larger one recovers, and the recovery monitor turns successful without a reload
        browser.findElement(By.id("recover-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[starts-with(text(),'Recover from backup')]")));
        browser.findElement(By.xpath("//summary[text()='Options of this volume']")).click();
        type("sizeGiB", "1");
        browser.findElement(By.xpath("//button[text()='Recover volume']")).click();
        WebElement sizeError = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-error-for='sizeGiB']")));
        wait.until(d -> !sizeError.getText().isBlank());
        checkScreen("recover-error");
        type("sizeGiB", "5");
        browser.findElement(By.xpath("//button[text()='Recover volume']")).click();
        wait.until(ExpectedConditions.urlMatches("#/recoveries/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
                ExpectedConditions.textToBe(By.id("recovery-status"), "SUCCESSFUL"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='volume']")));
        String recoveredVolume = browser.findElement(By.xpath("//td[text()='volume']/following-sibling::td")).getText();
        assertEquals(5, emulatorVolumeSize(recoveredVolume));
        checkScreen("recovery");

        // The dashboard counts the protected volume and the day's successful backup, as core says
        go("#/dashboard", "Dashboard");
        JsonNode dashboard = HavenClient.asRoot(PASSWORD).get("/dashboard").json();
        assertEquals(1, dashboard.get("protectedResources").get(0).get("resources").asInt());
        assertEquals(1, dashboard.get("lastDay").get("SUCCESSFUL").asInt());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "ebs-volume"));
        assertEquals("1", browser.findElement(By.cssSelector("a[href='#/policies'] .tile-value")).getText());
        checkScreen("dashboard");
        go("#/backups", "Backups");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "SUCCESSFUL"));
        // Paged by cursor: one page of the few backups here, so neither Previous nor Next has anywhere to go
        assertTrue(browser.findElement(By.tagName("main")).getText().contains("Page 1 of 1, "));
        assertTrue(!browser.findElement(By.xpath("//button[normalize-space()='Previous page']")).isEnabled());
        assertTrue(!browser.findElement(By.xpath("//button[normalize-space()='Next page']")).isEnabled());
        // The freezer view lists the frozen backup under its name
        new Select(browser.findElement(By.name("frozen"))).selectByValue("true");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "frozen: before-upgrade"));
        new Select(browser.findElement(By.name("status"))).selectByValue("FAILED");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "No backups."));
        checkScreen("backups");

        // Alerts: a policy whose volume is gone fails once and raises an alert; acknowledge it; make an alerts key
        HavenClient api = HavenClient.asRoot(PASSWORD);
        long accountId = api.get("/accounts").json().get(0).get("id").asLong();
        long failing = api.post("/policies", Map.of("name", "doomed", "accountId", accountId, "generations", 1,
                "retries", 0, "failuresToAlert", 1)).json().get("id").asLong();
        String gone = emulatorVolume();
        assertEquals(201, api.post("/policies/" + failing + "/targets", Map.of("type", "ebs-volume", "region", "us-east-1",
                "resourceId", gone)).status());
        deleteEmulatorVolume(gone);
        assertEquals("FAILED", HavenTestSupport.runToEnd(api, failing).get("status").asText());
        go("#/alerts", "Alerts");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "Policy doomed Backup Failure"));
        browser.findElement(By.cssSelector("button[aria-label='Acknowledge alert Policy doomed Backup Failure']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "acknowledged"));
        assertTrue(api.get("/alerts").json().get(0).hasNonNull("acknowledged"));
        browser.findElement(By.xpath("//button[normalize-space()='Make an alerts key']")).click();
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alerts-key")));
        assertTrue(key.getText(), key.getText().matches("[0-9a-f]{96}"));
        assertEquals(200, HavenClient.raw(key.getText()).getOutsideApi("/agentapi/get_cpm_alerts/").status());
        checkScreen("alerts");

        // API keys (issue 9): an expiry in the past is named next to its field with the name kept; a read-only key is
        // shown once, reads and changes nothing, and is listed without its secret; revoked after a confirmation, it
        // is refused
        go("#/api-keys", "API keys");
        type("name", "dashboards");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("document.querySelector('[name=expires]').value = '2020-01-01T00:00';");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-error-for='expires']"), "future"));
        assertEquals("true", browser.findElement(By.name("expires")).getAttribute("aria-invalid"));
        assertEquals("dashboards", browser.findElement(By.name("name")).getAttribute("value"));
        js.executeScript("document.querySelector('[name=expires]').value = '';");
        browser.findElement(By.name("readOnly")).click();
        submit();
        String apiKey = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key-secret"))).getText();
        By revoke = By.cssSelector("button[aria-label='Revoke API key dashboards']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(revoke));
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("read-only"));
        assertEquals(200, HavenClient.bearer(apiKey).get("/policies").status());
        assertEquals(403, HavenClient.bearer(apiKey).post("/schedules", Map.of("name", "by-key", "every", 1,
                "unit", "DAYS", "start", "2030-01-01T00:00:00Z")).status());
        checkScreen("api-keys");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(revoke));
        assertTrue("shown only once", !browser.getPageSource().contains(apiKey));
        browser.findElement(revoke).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(revoke));
        assertEquals(401, HavenClient.bearer(apiKey).get("/policies").status());

        // The AMI assistant in an instance's recovery form (guide 9.2.3): an instance launched from an image made in
        // the emulator is backed up; "Find an AMI" lists the original and a newer image of the same architecture, not
        // one registered as arm64 (moto records no architecture for it: not the instance's either way); Use fills the
        // AMI field, and the recovery launches from the chosen image
        String amiSource = emulatorInstance();
        String original = emulatorImage(amiSource, "console-app-2026-01");
        String newer = emulatorImage(amiSource, "console-app-2026-02");
        String arm = emulatorRegisteredImage("console-app-2026-02-arm64", "arm64");
        String server = emulatorInstance(original);
        long servers = api.post("/policies", Map.of("name", "servers", "accountId", accountId, "generations", 2))
                .json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + servers + "/targets", Map.of("type", "ec2-instance",
                "region", "us-east-1", "resourceId", server)).status());
        JsonNode serverBackup = HavenTestSupport.runToEnd(api, servers);
        assertEquals(serverBackup.toString(), "SUCCESSFUL", serverBackup.get("status").asText());
        go("#/backups/" + serverBackup.get("id").asLong(), "Backup #" + serverBackup.get("id").asLong());
        browser.findElement(By.id("recover-link")).click();
        WebElement serverOptions = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//summary[text()='Options of this instance']")));
        serverOptions.click();
        WebElement instanceForm = serverOptions.findElement(By.xpath("following-sibling::form"));
        WebElement ami = instanceForm.findElement(By.name("imageId"));
        assertEquals("the original's AMI is the default", original, ami.getAttribute("value"));
        WebElement find = instanceForm.findElement(By.xpath(".//button[text()='Find an AMI']"));
        assertEquals("false", find.getAttribute("aria-expanded"));
        find.sendKeys(Keys.ENTER);
        WebElement useNewer = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[aria-label='Use AMI " + newer + "']")));
        assertEquals("true", find.getAttribute("aria-expanded"));
        String found = browser.findElement(By.id(find.getAttribute("aria-controls"))).getText();
        assertTrue(found, found.contains(original) && found.contains("exact") && found.contains("console-app-2026-02"));
        assertTrue("an arm64 image does not fit an x86_64 instance: " + found, !found.contains(arm));
        assertTrue(browser.findElements(By.cssSelector("button[aria-label='Use AMI " + arm + "']")).isEmpty());
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", find);
        checkScreen("ami-assistant");
        // The AMIs read without scrolling sideways, in this window and on a tablet
        String assistantWrap = "const w = document.querySelector('#' + CSS.escape(arguments[0]) + ' .table-wrap');"
                + "return w.scrollWidth <= w.clientWidth;";
        assertEquals(true, ((JavascriptExecutor) browser).executeScript(assistantWrap, find.getAttribute("aria-controls")));
        Dimension window = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(768, 1024));
        assertEquals("on a tablet", true, ((JavascriptExecutor) browser).executeScript(assistantWrap, find.getAttribute("aria-controls")));
        browser.manage().window().setSize(window);
        useNewer.click();
        wait.until(ExpectedConditions.attributeToBe(ami, "value", newer));
        assertEquals("the assistant closes", "false", find.getAttribute("aria-expanded"));
        assertEquals("the focus is back on the AMI field", ami, browser.switchTo().activeElement());
        // The kernel field takes the kernel of an image like the original (guide 10.5): the assistant beside it
        // offers only images that have one, and the emulator's have none
        WebElement kernelFinder = instanceForm.findElement(By.xpath(
                ".//button[text()='Find in the AMIs' and contains(@aria-label, 'kernelId')]"));
        kernelFinder.sendKeys(Keys.ENTER);
        By kernelPanel = By.id(kernelFinder.getAttribute("aria-controls"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(kernelPanel,
                "No AMI in us-east-1 that fits the original has a kernelId"));
        browser.findElement(kernelPanel).findElement(By.xpath(".//button[text()='Close']")).click();
        new Select(instanceForm.findElement(By.name("launchFrom"))).selectByValue("image");
        new Select(instanceForm.findElement(By.name("rootVolume"))).selectByValue("image");
        instanceForm.findElement(By.xpath(".//button[text()='Recover instance']")).click();
        wait.until(ExpectedConditions.urlMatches("#/recoveries/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
                ExpectedConditions.textToBe(By.id("recovery-status"), "SUCCESSFUL"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='instance']")));
        String launched = browser.findElement(By.xpath("//td[text()='instance']/following-sibling::td")).getText();
        assertEquals("launched from the AMI chosen in the assistant", newer, emulatorInstanceImage(launched));

        // Recovery from the copies in the DR account (guide 11.5): the panel offers them beside the origin; the
        // volume's form is then the DR account's (no zone of the origin as default), and the recovery is made there
        long vaultId = vault.get("id").asLong();
        long offsite = api.post("/policies", Map.of("name", "offsite", "accountId", accountId, "generations", 1,
                "dr", Map.of("enabled", true, "account", vaultId))).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + offsite + "/targets", Map.of("type", "ebs-volume", "region", "us-east-1",
                "resourceId", emulatorVolume())).status());
        long offsiteBackup = HavenTestSupport.runToEnd(api, offsite).get("id").asLong();
        HavenTestSupport.eventually("the DR account's copy completes", Duration.ofSeconds(60),
                () -> "COMPLETED".equals(api.get("/backups/" + offsiteBackup).json().get("drStatus").asText()));
        go("#/backups/" + offsiteBackup + "/recover", "Recover from backup #" + offsiteBackup);
        new Select(browser.findElement(By.name("region"))).selectByVisibleText("us-east-1 in DR account vault (from its copies)");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "of DR account vault"));
        WebElement copyOptions = browser.findElement(By.xpath("//summary[text()='Options of this volume']"));
        copyOptions.click();
        WebElement zone = copyOptions.findElement(By.xpath("following-sibling::form")).findElement(By.name("zone"));
        assertEquals("no zone of the origin's account", "", zone.getAttribute("value"));
        zone.sendKeys("us-east-1a");
        checkScreen("recover-dr-account");
        browser.findElement(By.xpath("//button[text()='Recover volume']")).click();
        wait.until(ExpectedConditions.urlMatches("#/recoveries/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
                ExpectedConditions.textToBe(By.id("recovery-status"), "SUCCESSFUL"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='volume']")));
        String inVault = browser.findElement(By.xpath("//td[text()='volume']/following-sibling::td")).getText();
        try (Ec2Client vaultEc2 = emulatorEc2(DR_AWS_ACCOUNT)) {
            assertEquals("recovered in the DR account", 1, vaultEc2.describeVolumes(r -> r.volumeIds(inVault)).volumes().size());
        }

        // The AMI assistant searches the account and region the recovery is made in (guide 9.2.3, 11.5): the server's
        // copies in the DR account's us-west-2; an image like the original made there, in the DR account, is offered.
        // The originals are not kept (issue 11): the record of the original AMI shown is read from the copies.
        long serversOffsite = api.post("/policies", Map.of("name", "servers-offsite", "accountId", accountId,
                "generations", 1, "dr", Map.of("enabled", true, "account", vaultId, "regions", List.of("us-west-2"),
                        "keepOriginals", false))).json().get("id").asLong();
        assertEquals(201, api.post("/policies/" + serversOffsite + "/targets", Map.of("type", "ec2-instance",
                "region", "us-east-1", "resourceId", server)).status());
        long serverCopies = HavenTestSupport.runToEnd(api, serversOffsite).get("id").asLong();
        HavenTestSupport.eventually("the server's copies complete in the DR account", Duration.ofSeconds(60),
                () -> "COMPLETED".equals(api.get("/backups/" + serverCopies).json().get("drStatus").asText()));
        JsonNode copiedPanel = api.get("/backups/" + serverCopies + "/recovery?drAccountId=" + vaultId).json();
        String serverKey = copiedPanel.get("recoverables").get(0).get("key").asText();
        HavenClient.Response atOrigin = api.get("/backups/" + serverCopies + "/recovery/" + serverKey + "/image");
        assertEquals("the originals are gone: " + atOrigin.body(), 400, atOrigin.status());
        String inVaultImage;
        try (Ec2Client vaultWest = emulatorEc2(DR_AWS_ACCOUNT, Region.US_WEST_2)) {
            String builder = vaultWest.runInstances(r -> r.imageId("ami-12345678").instanceType("t3.micro").minCount(1)
                    .maxCount(1)).instances().get(0).instanceId();
            inVaultImage = vaultWest.createImage(r -> r.instanceId(builder).name("console-app-2026-01")).imageId();
        }
        go("#/backups/" + serverCopies + "/recover", "Recover from backup #" + serverCopies);
        new Select(browser.findElement(By.name("region"))).selectByVisibleText("us-west-2 in DR account vault (from its copies)");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "us-west-2 of DR account vault"));
        WebElement copiedServer = browser.findElement(By.xpath("//summary[text()='Options of this instance']"));
        copiedServer.click();
        WebElement copiedForm = copiedServer.findElement(By.xpath("following-sibling::form"));
        assertEquals("no AMI of the origin's region", "", copiedForm.findElement(By.name("imageId")).getAttribute("value"));
        WebElement findInVault = copiedForm.findElement(By.xpath(".//button[text()='Find an AMI']"));
        findInVault.click();
        WebElement useInVault = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[aria-label='Use AMI " + inVaultImage + "']")));
        WebElement vaultAssistant = browser.findElement(By.id(findInVault.getAttribute("aria-controls")));
        assertEquals("where it searched", "AMIs in us-west-2 in DR account vault",
                vaultAssistant.findElement(By.tagName("h3")).getText());
        vaultAssistant.findElement(By.xpath(".//summary[text()='The original AMI, as the backup recorded it']")).click();
        String recordedInVault = vaultAssistant.findElement(By.tagName("dl")).getText();
        assertTrue("the original AMI, recorded in the DR account's copies: " + recordedInVault,
                recordedInVault.contains(original) && recordedInVault.contains("console-app-2026-01"));
        assertTrue("the original AMI's region, not the copies': " + recordedInVault,
                recordedInVault.contains("us-east-1") && !recordedInVault.contains("us-west-2"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})", findInVault);
        checkScreen("ami-assistant-dr-account");
        useInVault.click();
        wait.until(ExpectedConditions.attributeToBe(copiedForm.findElement(By.name("imageId")), "value", inVaultImage));

        // Recover into another backup account of the user (guide 10.5), chosen in the screen: the volume's snapshot is
        // shared with it and the volume made there (the emulator's patch serves a shared snapshot to that account)
        String stagingAws = "510987654321";
        HavenClient.Response staging = api.post("/accounts", Map.of("name", "staging", "authMethod", "ASSUME_ROLE",
                "viaAccountId", accountId, "roleAccountNumber", stagingAws, "roleName", "HavenRecovery",
                "endpoint", DriverMoto.get().endpoint(), "type", "BACKUP"));
        assertEquals(staging.body(), 201, staging.status());
        go("#/backups/" + offsiteBackup + "/recover", "Recover from backup #" + offsiteBackup);
        Select into = new Select(browser.findElement(By.name("targetAccountId")));
        assertEquals("where the backup is, or the other backup account (not the DR account)",
                List.of("", String.valueOf(staging.json().get("id").asLong())),
                into.getOptions().stream().map(o -> o.getAttribute("value")).toList());
        into.selectByVisibleText("staging (AWS account " + stagingAws + ")");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Recovering into account staging"));
        WebElement sharedOptions = browser.findElement(By.xpath("//summary[text()='Options of this volume']"));
        sharedOptions.click();
        WebElement sharedZone = sharedOptions.findElement(By.xpath("following-sibling::form")).findElement(By.name("zone"));
        assertEquals("no zone of the backup's account", "", sharedZone.getAttribute("value"));
        sharedZone.sendKeys("us-east-1b");
        checkScreen("recover-into-account");
        browser.findElement(By.xpath("//button[text()='Recover volume']")).click();
        wait.until(ExpectedConditions.urlMatches("#/recoveries/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
                ExpectedConditions.textToBe(By.id("recovery-status"), "SUCCESSFUL"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//td[text()='volume']")));
        String inStaging = browser.findElement(By.xpath("//td[text()='volume']/following-sibling::td")).getText();
        try (Ec2Client stagingEc2 = emulatorEc2(stagingAws)) {
            assertEquals("recovered in the other account", "us-east-1b", stagingEc2.describeVolumes(
                    r -> r.volumeIds(inStaging)).volumes().get(0).availabilityZone());
        }

        // Notifiers: the form is the webhook plugin's settings; a missing URL is named next to its field
        go("#/notifiers", "Notifiers");
        new Select(browser.findElement(By.name("type"))).selectByValue("webhook");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("settings.url")));
        type("name", "ops-hook");
        submit();
        WebElement urlError = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-error-for='settings.url']")));
        wait.until(d -> !urlError.getText().isBlank());
        checkScreen("notifiers-error");
        type("settings.url", "https://hooks.example.com/s3cr3t");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "ops-hook"));
        assertTrue(api.get("/notifiers").body().contains("ops-hook"));
        assertTrue("the URL is a secret", !browser.getPageSource().contains("s3cr3t"));
        checkScreen("notifiers");

        // The audit log has both saves, made through the console, and not the secret URL
        String audit = api.get("/audit?limit=1000").body();
        assertTrue(audit, audit.contains("\"event\":\"POST /notifiers\"") && audit.contains("\"channel\":\"console\"")
                && audit.contains("failed: 400 bad request (settings.url)") && !audit.contains("s3cr3t"));

        // Users (root): add a managed user
        go("#/users", "Users");
        type("username", "carol");
        type("password", CAROLS_PASSWORD);
        new Select(browser.findElement(By.name("type"))).selectByValue("MANAGED");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "carol"));
        checkScreen("users");

        // Carol's delegates (guide 16.4): one added, view only, and then allowed to change backups
        browser.findElement(By.cssSelector("a[aria-label='Delegates of carol']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='Delegates of carol']")));
        WebElement addDelegate = browser.findElement(By.cssSelector("form[aria-label='Add a delegate']"));
        addDelegate.findElement(By.name("username")).sendKeys("carol-ops");
        addDelegate.findElement(By.name("password")).sendKeys(CAROLS_PASSWORD);
        addDelegate.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "view only"));
        WebElement permissions = browser.findElement(By.cssSelector("form[aria-label='Change what a delegate may do']"));
        permissions.findElement(By.cssSelector("input[name=changeBackups]")).click();
        permissions.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "change policies, schedules and backups"));
        checkScreen("delegates");

        // The audit log shows what was just done, through the console
        go("#/audit", "Audit log");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), "POST /api/v1/users"));
        checkScreen("audit");

        go("#/password", "Password and sign-in");
        checkScreen("password");

        // Policy settings: every option in one form; a bad value is named next to its field and nothing typed is
        // lost; a good save is what the API then answers
        long webId = -1;
        for (JsonNode policy : HavenClient.asRoot(PASSWORD).get("/policies").json()) {
            if (policy.get("name").asText().equals("web")) {
                webId = policy.get("id").asLong();
            }
        }
        go("#/policies/" + webId, "Policy web");
        assertTrue("made by hand, not by a tag scan", browser.findElements(By.id("made-by-tag-scan")).isEmpty());
        WebElement settings = browser.findElement(By.cssSelector("form[aria-label='Settings of policy web']"));
        type("description", "the web servers");
        type("generations", "0");
        type("retries", "2");
        type("retryWaitMinutes", "5");
        type("failuresToAlert", "3");
        new Select(browser.findElement(By.name("autoRemoveTargets"))).selectByValue("YES_AND_ALERT");
        new Select(browser.findElement(By.name("successCriterion"))).selectByValue("SNAPSHOTS_SUCCEED");
        new Select(browser.findElement(By.name("scripts.enabled"))).selectByValue("true");
        type("scripts.timeoutSeconds", "120");
        new Select(browser.findElement(By.name("scripts.collectOutput"))).selectByValue("true");
        new Select(browser.findElement(By.name("dr.enabled"))).selectByValue("true");
        type("dr.everyBackups", "2");
        type("dr.timeoutHours", "12");
        type("dr.regions", "us-west-2");
        settings.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> !d.findElement(By.cssSelector("[data-error-for='generations']")).getText().isEmpty());
        assertEquals("true", browser.findElement(By.name("generations")).getAttribute("aria-invalid"));
        assertEquals("2", browser.findElement(By.name("retries")).getAttribute("value"));
        assertEquals("120", browser.findElement(By.name("scripts.timeoutSeconds")).getAttribute("value"));
        assertEquals("us-west-2", browser.findElement(By.name("dr.regions")).getAttribute("value"));
        assertEquals("the refused save changed nothing", 7, api.get("/policies/" + webId).json().get("generations").asInt());
        checkScreen("policy-settings");
        // A refused list item (dr.regions[1]) is shown at its list's field
        type("generations", "5");
        type("dr.regions", "us-west-2, nowhere");
        settings.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(d -> !d.findElement(By.cssSelector("[data-error-for='dr.regions']")).getText().isEmpty());
        assertEquals("", browser.findElement(By.cssSelector("[data-error-for='generations']")).getText());
        assertEquals("true", browser.findElement(By.name("dr.regions")).getAttribute("aria-invalid"));
        assertEquals("5", browser.findElement(By.name("generations")).getAttribute("value"));
        // Originals left out without a DR account: core's refusal at its field; with the DR account chosen, saved
        type("dr.regions", "us-west-2");
        Select drAccount = new Select(browser.findElement(By.name("dr.account")));
        assertEquals("only DR accounts to choose", List.of("", String.valueOf(vault.get("id").asLong())),
                drAccount.getOptions().stream().map(o -> o.getAttribute("value")).toList());
        new Select(browser.findElement(By.name("dr.keepOriginals"))).selectByValue("false");
        settings.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-error-for='dr.keepOriginals']"),
                "cross-account"));
        assertEquals("true", browser.findElement(By.name("dr.keepOriginals")).getAttribute("aria-invalid"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                browser.findElement(By.name("dr.keepOriginals")));
        checkScreen("policy-dr-error");
        drAccount.selectByVisibleText("vault");
        settings.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Policy web saved"));
        JsonNode web = HavenClient.asRoot(PASSWORD).get("/policies/" + webId).json();
        assertEquals("the web servers", web.get("description").asText());
        assertEquals(5, web.get("generations").asInt());
        assertEquals(2, web.get("retries").asInt());
        assertEquals(5, web.get("retryWaitMinutes").asInt());
        assertEquals(3, web.get("failuresToAlert").asInt());
        assertEquals("YES_AND_ALERT", web.get("autoRemoveTargets").asText());
        assertEquals("SNAPSHOTS_SUCCEED", web.get("successCriterion").asText());
        assertTrue(web.toString(), web.get("scripts").get("enabled").asBoolean());
        assertEquals(120, web.get("scripts").get("timeoutSeconds").asInt());
        assertTrue(web.toString(), web.get("scripts").get("collectOutput").asBoolean());
        assertTrue(web.toString(), web.get("dr").get("enabled").asBoolean());
        assertEquals(2, web.get("dr").get("everyBackups").asInt());
        assertEquals(12, web.get("dr").get("timeoutHours").asInt());
        assertEquals(web.toString(), 1, web.get("dr").get("regions").size());
        assertEquals("us-west-2", web.get("dr").get("regions").get(0).asText());
        assertEquals(web.toString(), vault.get("id").asLong(), web.get("dr").get("account").asLong());
        assertTrue(web.toString(), !web.get("dr").get("keepOriginals").asBoolean());
        assertEquals("the schedule stays", 1, web.get("scheduleIds").size());
        assertTrue(web.get("enabled").asBoolean());

        // A target's options: the fields are made from what the EC2 type publishes (GET /target-types): a list of
        // backup modes, a check box for reboot. A combination the type refuses (reboot without an AMI) is named next to
        // the check box, nothing is added, and what was chosen stays.
        String instance = emulatorInstance();
        new Select(browser.findElement(By.name("type"))).selectByValue("ec2-instance");
        browser.findElement(By.xpath("//button[text()='Find resources']")).click();
        WebElement pick = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("input[aria-label='Select " + instance + "']")));
        pick.click();
        WebElement adding = browser.findElement(By.cssSelector("form[aria-label='Add the selected resources to web']"));
        Select addMode = new Select(adding.findElement(By.name("options.backupMode")));
        assertEquals("the type's default", addMode.getFirstSelectedOption().getText());
        addMode.selectByValue("snapshots");
        WebElement addReboot = adding.findElement(By.name("options.reboot"));
        assertEquals("checkbox", addReboot.getAttribute("type"));
        addReboot.click();
        assertEquals("text", adding.findElement(By.name("options.devices")).getAttribute("type"));
        adding.findElement(By.xpath(".//button[text()='Add selected']")).click();
        WebElement rebootError = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[aria-label='Add the selected resources to web'] [data-error-for='options.reboot']")));
        wait.until(d -> !rebootError.getText().isBlank());
        assertTrue(rebootError.getText(), rebootError.getText().contains("backupMode=ami"));
        assertEquals("true", addReboot.getAttribute("aria-invalid"));
        assertTrue("the box stays checked", addReboot.isSelected());
        assertEquals("snapshots", addMode.getFirstSelectedOption().getAttribute("value"));
        assertTrue("the resource stays selected", pick.isSelected());
        assertTrue("nothing was added", !api.get("/policies/" + webId + "/targets").body().contains(instance));
        checkScreen("policy-target-error");
        addMode.selectByValue("ami");
        adding.findElement(By.xpath(".//button[text()='Add selected']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "1 added to web"));
        assertEquals(Map.of("backupMode", "ami", "reboot", "true"), optionsOf(api, webId, instance));
        // The targets list shows them (the instance's id is in the resources found too: its row of the targets list)
        By instanceOptions = By.xpath("//td[text()='" + instance + "']/following-sibling::td[@class='target-options']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(instanceOptions, "backupMode=ami"));
        assertTrue(browser.findElement(instanceOptions).getText().contains("reboot=true"));
        checkScreen("policy-target-options");

        // The added instance's options changed in place, with the same fields filled with what is stored: a volume
        // selection without its devices is refused next to the devices, the stored options stay, nothing chosen is lost;
        // with the devices it is saved, and the API answers the new options
        browser.findElement(By.cssSelector("button[aria-label='Edit options of " + instance + "']")).click();
        WebElement editing = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[aria-label='Options of " + instance + "']")));
        Select editMode = new Select(editing.findElement(By.name("options.backupMode")));
        assertEquals("ami", editMode.getFirstSelectedOption().getAttribute("value"));
        WebElement editReboot = editing.findElement(By.name("options.reboot"));
        assertTrue("reboot=true is shown checked", editReboot.isSelected());
        editMode.selectByValue("snapshots-and-initial-ami");
        editReboot.click();
        new Select(editing.findElement(By.name("options.volumes"))).selectByValue("exclude");
        editing.findElement(By.xpath(".//button[text()='Save options']")).click();
        WebElement devicesError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(
                "form[aria-label='Options of " + instance + "'] [data-error-for='options.devices']")));
        wait.until(d -> !devicesError.getText().isBlank());
        WebElement devices = editing.findElement(By.name("options.devices"));
        assertEquals("true", devices.getAttribute("aria-invalid"));
        assertEquals("snapshots-and-initial-ami", editMode.getFirstSelectedOption().getAttribute("value"));
        assertEquals("exclude", new Select(editing.findElement(By.name("options.volumes"))).getFirstSelectedOption()
                .getAttribute("value"));
        assertTrue("reboot stays unchecked", !editReboot.isSelected());
        assertEquals("the refused change changed nothing", Map.of("backupMode", "ami", "reboot", "true"),
                optionsOf(api, webId, instance));
        checkScreen("policy-target-edit-error");
        devices.sendKeys("/dev/sdf");
        editing.findElement(By.xpath(".//button[text()='Save options']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Options of " + instance + " saved"));
        assertEquals(Map.of("backupMode", "snapshots-and-initial-ami", "volumes", "exclude", "devices", "/dev/sdf"),
                optionsOf(api, webId, instance));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(instanceOptions, "volumes=exclude"));
        assertTrue(browser.findElement(instanceOptions).getText(),
                !browser.findElement(instanceOptions).getText().contains("reboot"));
        checkScreen("policy-target-edited");

        // Settings (root): tag scans every 48 hours, Scan Resources on for the emulator, and a scan now that makes a
        // policy from web as the template for a volume tagged for it
        String tagged = emulatorVolume(Map.of("cpm backup", "scanned:web"));
        go("#/settings", "Settings");
        int interval = api.get("/tag-scan-settings").json().get("intervalHours").asInt();
        assertTrue("48 hours is a change", interval != 48);
        type("intervalHours", "48");
        browser.findElement(By.xpath("//button[text()='Save tag scan settings']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Tag scan settings saved"));
        JsonNode scanSettings = api.get("/tag-scan-settings").json();
        assertEquals(48, scanSettings.get("intervalHours").asInt());
        assertTrue("automatic scans stay off", !scanSettings.get("enabled").asBoolean());
        browser.findElement(By.cssSelector("button[aria-label='Turn on Scan Resources of emulator-main']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button[aria-label='Turn off Scan Resources of emulator-main']")));
        assertTrue(api.get("/accounts/" + accountId).json().get("scanResources").asBoolean());
        browser.findElement(By.xpath("//button[text()='Scan now']")).click();
        new WebDriverWait(browser, Duration.ofMinutes(3)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("scan-logs"), "CREATED"));
        assertTrue(browser.findElement(By.id("scan-logs")).getText().contains(tagged));
        checkScreen("settings");
        long scannedId = -1;
        for (JsonNode policy : api.get("/policies").json()) {
            if (policy.get("name").asText().equals("scanned")) {
                scannedId = policy.get("id").asLong();
            }
        }
        assertTrue("the scan made the policy", scannedId > 0);
        go("#/policies/" + scannedId, "Policy scanned");
        assertEquals("* This policy was automatically added by tag scan",
                browser.findElement(By.id("made-by-tag-scan")).getText());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("table"), tagged));
        checkScreen("policy-tag-scan");
        // Added by hand, named by its id, against its no-backup tag while Scan Resources is on: added, with core's
        // warning that the next scan removes it shown above the targets (decision 38)
        String notForBackup = emulatorVolume(Map.of("cpm backup", "no-backup"));
        new Select(browser.findElement(By.name("type"))).selectByValue("ebs-volume");
        browser.findElement(By.xpath("//button[text()='Find resources']")).click();
        WebElement byId = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[aria-label='Add a resource by its id to scanned']")));
        byId.findElement(By.name("resourceId")).sendKeys(notForBackup);
        byId.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tag-warnings"), notForBackup));
        assertTrue(api.get("/policies/" + scannedId + "/targets").body().contains(notForBackup));
        assertTrue(browser.findElement(By.id("tag-warnings")).getText().contains("will remove it"));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'})",
                browser.findElement(By.xpath("//h2[text()='Targets']")));
        checkScreen("policy-tag-warning");

        // Reports: a CSV of the backups is downloaded; a "to" before "from" is named next to its field
        go("#/reports", "Reports");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-result"), "Downloaded haven-backups.csv"));
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector('[name=from]').value = '2030-01-02T00:00';"
                + "document.querySelector('[name=to]').value = '2030-01-01T00:00';");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-error-for='to']"),
                "later than from"));
        checkScreen("reports");

        // CSRF: the cookie alone reads but changes nothing
        String csrf = HavenClient.session(cookie.getValue(), null).get("/session").json().get("csrfToken").asText();
        Map<String, Object> schedule = Map.of("name", "forged", "every", 1, "unit", "DAYS", "start", "2030-01-01T00:00:00Z");
        HavenClient.Response forged = HavenClient.session(cookie.getValue(), null).post("/schedules", schedule);
        assertEquals(forged.body(), 403, forged.status());
        assertEquals(403, HavenClient.session(cookie.getValue(), "not-the-token").post("/schedules", schedule).status());
        assertTrue(HavenClient.asRoot(PASSWORD).get("/schedules").body().indexOf("forged") < 0);
        assertEquals(201, HavenClient.session(cookie.getValue(), csrf).post("/schedules", schedule).status());

        // Sign out: the form again, and the old cookie is worth nothing
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        assertEquals(401, HavenClient.session(cookie.getValue(), null).get("/accounts").status());

        // Carol, a managed user: no Users link, and the API refuses her anyway; she sees none of root's alerts
        type("username", "carol");
        type("password", CAROLS_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
        assertTrue(!browser.findElement(By.id("nav-users")).isDisplayed());
        assertTrue("settings are root's", !browser.findElement(By.id("nav-settings")).isDisplayed());
        Cookie carols = browser.manage().getCookieNamed("__Host-haven-session");
        assertEquals(403, HavenClient.session(carols.getValue(), null).get("/users").status());
        go("#/alerts", "Alerts");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "No alerts."));

        // She turns on two-step sign-in: the key is shown once, and a code of her "app" turns it on
        go("#/password", "Password and sign-in");
        browser.findElement(By.xpath("//button[text()='Turn on two-step sign-in']")).click();
        String appKey = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("code[data-secret]"))).getText();
        type("code", totp(appKey, Instant.now()));
        browser.findElement(By.xpath("//button[text()='Turn on']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "On: every sign-in"));
        checkScreen("second-factor");

        // Signing in again asks for the code once the password is right; the code of the next step opens the session
        // (the current one was spent turning it on)
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        type("username", "carol");
        type("password", CAROLS_PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("code")));
        assertEquals(0, browser.findElements(By.id("sign-out")).stream().filter(WebElement::isDisplayed).count());
        type("code", totp(appKey, Instant.now().plusSeconds(30)));
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
        carols = browser.manage().getCookieNamed("__Host-haven-session");

        // A changed password ends her sessions, this one too: the next screen asks her to sign in
        go("#/password", "Password and sign-in");
        type("currentPassword", CAROLS_PASSWORD);
        type("newPassword", "carols-Second-Pass-8");
        submit();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p.notice"), "sign in again"));
        assertEquals(401, HavenClient.session(carols.getValue(), null).get("/accounts").status());
        browser.get(base + "/console/#/accounts");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    }

    @Test
    public void theConsoleIsServedWithItsSecurityHeaders() {
        HavenClient.Response page = HavenClient.anonymous().getOutsideApi("/console/");
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        String csp = page.header("Content-Security-Policy");
        assertTrue(csp, csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("DENY", page.header("X-Frame-Options"));
        assertEquals(404, HavenClient.anonymous().getOutsideApi("/console/META-INF/MANIFEST.MF").status());
        assertEquals(404, HavenClient.anonymous().getOutsideApi("/console/io/haven/console/ConsoleServlet.class").status());
        assertEquals(404, HavenClient.anonymous().getOutsideApi("/console/nothing.js").status());
        HavenClient.Response root = HavenClient.anonymous().getOutsideApi("/");
        assertEquals(302, root.status());
        assertTrue(root.header("Location"), root.header("Location").endsWith("/console/"));
    }

    /** What an authenticator app shows for the key at that time (RFC 6238: SHA-1, 6 digits, 30 s). */
    private static String totp(String base32Key, Instant at) throws java.security.InvalidKeyException {
        return new com.eatthepath.otp.TimeBasedOneTimePasswordGenerator().generateOneTimePasswordString(
                new javax.crypto.spec.SecretKeySpec(new org.apache.commons.codec.binary.Base32().decode(base32Key), "HmacSHA1"),
                at, java.util.Locale.ROOT);
    }

    private static HavenClient api0() {
        return HavenClient.asRoot(PASSWORD);
    }

    /** A target's options as the API answers them, found by its resource among the policy's targets. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> optionsOf(HavenClient api, long policyId, String resourceId) {
        for (JsonNode target : api.get("/policies/" + policyId + "/targets").json()) {
            if (target.get("resourceId").asText().equals(resourceId)) {
                return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(target.get("options"), Map.class);
            }
        }
        throw new AssertionError(resourceId + " is not a target of policy " + policyId);
    }

    private static void go(String hash, String heading) {
        browser.get(base + "/console/" + hash);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[text()='" + heading + "']")));
    }

    private static void type(String name, String text) {
        WebElement input = browser.findElement(By.name(name));
        input.clear();
        input.sendKeys(text);
    }

    private static void submit() {
        browser.findElement(By.cssSelector("main form.card button[type=submit]")).click();
    }

    /** Saves a screenshot and fails on any serious or critical axe-core finding (WCAG 2.1 A and AA rules). */
    @SuppressWarnings("unchecked")
    private static void checkScreen(String name) throws IOException, InterruptedException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(axeSource());
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        List<Map<String, Object>> violations = (List<Map<String, Object>>) js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                        + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
                        + ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html).join(' | ')}))))"
                        + ".catch(e => done([{id: 'axe-error', help: String(e)}]));");
        assertTrue(name + ": " + violations, violations.isEmpty());
    }

    private static String axe;

    /** axe-core from the npm registry, installed under target/ on first use, as the build installs moto. */
    private static synchronized String axeSource() throws IOException, InterruptedException {
        if (axe == null) {
            Path prefix = Path.of("target", "axe").toAbsolutePath();
            Path script = prefix.resolve("node_modules/axe-core/axe.min.js");
            if (!Files.exists(script)) {
                Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        prefix.toString(), "axe-core@" + AXE_VERSION).inheritIO().start();
                assertTrue("npm install axe-core", npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0);
            }
            axe = Files.readString(script, StandardCharsets.UTF_8);
        }
        return axe;
    }

    private static Ec2Client emulatorEc2() {
        return emulatorEc2(null);
    }

    /** EC2 of the emulator as another AWS account sees it (moto's account header), or as the default account. */
    private static Ec2Client emulatorEc2(String awsAccount) {
        return emulatorEc2(awsAccount, Region.US_EAST_1);
    }

    private static Ec2Client emulatorEc2(String awsAccount, Region region) {
        return Ec2Client.builder().endpointOverride(URI.create(DriverMoto.get().endpoint())).region(region)
                .overrideConfiguration(c -> {
                    if (awsAccount != null) {
                        c.putHeader("x-moto-account-id", awsAccount);
                    }
                })
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    private static void deleteEmulatorVolume(String volumeId) {
        try (Ec2Client ec2 = emulatorEc2()) {
            ec2.deleteVolume(r -> r.volumeId(volumeId));
        }
    }

    private static String emulatorVolume() {
        return emulatorVolume(Map.of());
    }

    private static String emulatorVolume(Map<String, String> tags) {
        try (Ec2Client ec2 = emulatorEc2()) {
            return ec2.createVolume(r -> {
                r.availabilityZone("us-east-1a").size(2);
                if (!tags.isEmpty()) {
                    r.tagSpecifications(t -> t.resourceType(ResourceType.VOLUME).tags(tags.entrySet().stream()
                            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
                }
            }).volumeId();
        }
    }

    private static String emulatorInstance() {
        return emulatorInstance("ami-12345678");
    }

    private static String emulatorInstance(String imageId) {
        try (Ec2Client ec2 = emulatorEc2()) {
            return ec2.runInstances(r -> r.imageId(imageId).instanceType("t3.micro").minCount(1).maxCount(1))
                    .instances().get(0).instanceId();
        }
    }

    /** An image made of the instance, as moto makes them: the instance's architecture and virtualization. */
    private static String emulatorImage(String instanceId, String name) {
        try (Ec2Client ec2 = emulatorEc2()) {
            return ec2.createImage(r -> r.instanceId(instanceId).name(name).description(name + " image")).imageId();
        }
    }

    private static String emulatorRegisteredImage(String name, String architecture) {
        try (Ec2Client ec2 = emulatorEc2()) {
            return ec2.registerImage(r -> r.name(name).architecture(architecture).rootDeviceName("/dev/xvda")).imageId();
        }
    }

    private static String emulatorInstanceImage(String instanceId) {
        try (Ec2Client ec2 = emulatorEc2()) {
            return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).imageId();
        }
    }

    private static int emulatorVolumeSize(String volumeId) {
        try (Ec2Client ec2 = emulatorEc2()) {
            return ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0).size();
        }
    }
}
