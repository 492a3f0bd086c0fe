package dev.cantila.engine.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the Console's end-to-end tests. Both paths
 * are given explicitly (overridable with {@code -Dcantila.chromium} / {@code -Dcantila.chromedriver}), so Selenium
 * Manager has nothing to look up and never downloads a browser or a driver. Waits are explicit conditions with a
 * deadline (WebDriverWait polls the page), never sleeps.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    final WebDriver driver;

    Browser() {
        String chromium = System.getProperty("cantila.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("cantila.chromedriver", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("the Console's browser tests need Debian's chromium and chromium-driver ("
                    + chromium + ", " + chromedriver + "): apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    WebElement button(String text) {
        return until(d -> d.findElements(By.tagName("button")).stream()
                .filter(b -> b.isDisplayed() && b.isEnabled() && b.getText().trim().equals(text)).findFirst().orElse(null));
    }

    void click(String buttonText) {
        button(buttonText).click();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    void select(String css, String value) {
        until(d -> new Select(d.findElement(By.cssSelector(css))).getOptions().stream()
                .anyMatch(o -> o.getAttribute("value").equals(value)) ? true : null);
        new Select(find(css)).selectByValue(value);
    }

    /** Waits until the element's text contains {@code text}; returns the whole text. */
    String waitText(String css, String text) {
        return waitText(css, text, WAIT);
    }

    String waitText(String css, String text, Duration wait) {
        new WebDriverWait(driver, wait).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return driver.findElement(By.cssSelector(css)).getText();
    }

    <T> T until(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** A full-page screenshot into target/console-screenshots (a build artifact, not committed). */
    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
