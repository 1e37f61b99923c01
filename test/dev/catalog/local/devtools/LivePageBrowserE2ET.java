package dev.catalog.local.devtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.catalog.local.runtime.LocalOptions;
import dev.catalog.local.runtime.LocalRuntime;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The live page in a real browser: Debian's chromium driven by Debian's chromedriver through
 * Selenium (never a downloaded driver). Skipped, with the reason, where they are not installed
 * ({@code apt-get install -y chromium chromium-driver}). Saves the screenshot the README shows.
 */
class LivePageBrowserE2ET {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("docs/local-page.png");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path profile;
    private static LocalRuntime runtime;
    private static WebDriver browser;

    @BeforeAll
    static void boot() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tier skipped: " + CHROMIUM + " and " + CHROMEDRIVER + " are not installed (apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        runtime = LocalRuntime.start(LocalOptions.defaults().withApiPort(0).withRetryDelay(Duration.ofSeconds(1)));
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 1800));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void thePageShowsTheTopologyACommandSucceedingAndRedrivesADeadLetter() throws Exception {
        browser.get(runtime.apiBaseUri() + "/_local/");
        await(() -> !browser.findElements(By.cssSelector("#topology-body [data-queue='catalog-dev-product-commands.fifo']")).isEmpty());
        await(() -> !browser.findElements(By.cssSelector("#topology-body [data-topic='catalog-dev-commands.fifo']")).isEmpty());

        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(runtime.apiBaseUri() + "/v1/products"))
                .header("authorization", "Bearer " + runtime.tokens().get("editor")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Browser desk\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, accepted.statusCode(), accepted.body());
        String commandId = JSON.readTree(accepted.body()).get("commandId").asText();
        await(() -> "SUCCEEDED".equals(text("#commands-body tr[data-command='" + commandId + "'] .status")));

        StrandedCommand stranded = StrandedCommand.strand(runtime, "Browser lamp");
        String deadLetters = "#dead-letters-body .dlq[data-queue='" + StrandedCommand.DEAD_LETTER_QUEUE + "']";
        await(() -> !browser.findElements(By.cssSelector(deadLetters + " .message")).isEmpty());
        await(() -> "ACCEPTED".equals(text("#commands-body tr[data-command='" + stranded.commandId() + "'] .status")));

        await(() -> {
            browser.findElement(By.cssSelector(deadLetters + " button.redrive")).click();
            return true;
        });
        await(() -> "SUCCEEDED".equals(text("#commands-body tr[data-command='" + stranded.commandId() + "'] .status")));
        await(() -> browser.findElements(By.cssSelector(deadLetters + " .message")).isEmpty());
        assertEquals("SUCCEEDED", stranded.status(runtime));
        // The picture for the README: the pipeline just after the redrive. It lands in target/ on every
        // run and replaces the README's copy only when asked (-Dlocal.page.screenshot.update=true) or
        // missing, so that running the tests leaves the working tree clean.
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Path taken = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, Path.of("target", "local-page.png"), StandardCopyOption.REPLACE_EXISTING);
        if (Boolean.getBoolean("local.page.screenshot.update") || !Files.exists(SCREENSHOT)) {
            Files.createDirectories(SCREENSHOT.getParent());
            Files.copy(taken, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String text(String css) {
        List<org.openqa.selenium.WebElement> found = browser.findElements(By.cssSelector(css));
        try {
            return found.isEmpty() ? null : found.get(0).getText().lines().findFirst().orElse("");
        } catch (StaleElementReferenceException e) {
            return null; // the page re-rendered between finding and reading: look again
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        // The page re-renders every second, so an element found may be gone when it is used: look again.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(org.openqa.selenium.WebDriverException.class)
                .until(condition::getAsBoolean);
    }
}
