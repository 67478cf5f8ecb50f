package io.haven.itests;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's Chromium and ChromeDriver (installed by .ci/run), headless, trusting Haven's self-signed certificate. */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static WebDriver start() {
        // The installed driver: Selenium must not try to download one.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, "/usr/bin/chromedriver");
        return new ChromeDriver(new ChromeOptions().setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                        "--window-size=1024,900", "--lang=en-US"));
    }
}
