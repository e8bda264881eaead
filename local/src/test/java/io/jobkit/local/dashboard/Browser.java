package io.jobkit.local.dashboard;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven through {@code /usr/bin/chromedriver} given explicitly so Selenium Manager never
 * downloads a driver or a browser. Each instance has a fresh profile directory, removed on close. Tests skip, naming
 * the reason, when the driver is not installed ({@code .ci/run} installs {@code chromium chromium-driver}).
 */
final class Browser implements AutoCloseable {
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final URI base;

    private Browser(ChromeDriver driver, Path profile, URI base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(DRIVER), "browser tests skipped: " + DRIVER
                + " is missing (apt-get install -y chromium chromium-driver)");
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "browser tests skipped: " + CHROMIUM + " is missing");
    }

    static Browser open(URI base) {
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("jobkit-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().window().setSize(new Dimension(1366, 900));
        return new Browser(d, profile, base);
    }

    /** Opens a page of the dashboard, e.g. {@code #/jobs?status=FAILED}; {@code ?poll=500} makes it refresh faster. */
    void go(String hash) {
        driver.get(base.resolve("/?poll=500" + hash).toString());
    }

    /** Changes the hash in place (no reload), as a click on a link does. */
    void hash(String hash) {
        driver.executeScript("location.hash = arguments[0]", hash);
    }

    WebElement find(String css) {
        return until(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Waits (up to 30 s) for the page to reach a state; the page refreshes itself, nothing reloads it. */
    <T> T until(ExpectedCondition<T> condition) {
        return until(condition, Duration.ofSeconds(30));
    }

    <T> T until(ExpectedCondition<T> condition, Duration atMost) {
        try {
            return new WebDriverWait(driver, atMost, Duration.ofMillis(100)).ignoring(RuntimeException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            Path shot = screenshot("failed-" + System.currentTimeMillis());
            throw new AssertionError("the page did not get there in " + atMost.toSeconds() + " s; it shows (screenshot " + shot + "):\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    void waitText(String css, String expected) {
        waitText(css, expected, Duration.ofSeconds(30));
    }

    void waitExact(String css, String expected) {
        waitExact(css, expected, Duration.ofSeconds(30));
    }

    void waitExact(String css, String expected, Duration atMost) {
        until(d -> {
            var found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().trim().equals(expected) ? true : null;
        }, atMost);
    }

    void waitText(String css, String expected, Duration atMost) {
        until(d -> {
            var found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(expected) ? true : null;
        }, atMost);
    }

    /** Saves the page under target/screenshots/{name}.png and returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp profile is harmless
            }
        }
    }
}
