package dev.cantila.engine.console;

import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Console end to end in Debian's headless Chromium against the real server (H2): a person signs in with the
 * operator key, creates a project, activates SMS and buys a number, sends a text and watches it reach delivered,
 * sees a text from the phone simulator appear in the open thread without a reload, edits a handler, runs its
 * scenario in the page, deploys and binds it, calls the number from the simulator, presses a digit, and finds the
 * call's execution with its log. Screenshots of each main page go to target/console-screenshots.
 *
 * <p>Tagged "browser": run once, by its own failsafe execution on the H2 pass (engine/pom.xml).
 */
@Tag("browser")
class ConsoleBrowserIT {
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private static Browser browser;

    @BeforeAll
    static void start() {
        // the product as shipped: the dispatcher, the carrier's delivery receipts, webhooks, all running
        SERVER.app().startWorkers();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static String base() {
        return SERVER.operator().base().toString();
    }

    /** Serious and critical accessibility violations found so far, by page; asserted empty at the end. */
    private final Map<String, List<String>> violations = new LinkedHashMap<>();

    /** A screenshot of the page, and its accessibility check (axe-core). */
    private void look(String page) {
        browser.screenshot(page);
        List<String> found = Accessibility.violations(browser);
        if (!found.isEmpty()) {
            violations.put(page, found);
        }
    }

    private static void nav(String section) {
        browser.driver.findElement(By.cssSelector("header nav")).findElement(By.linkText(section)).click();
    }

    @Test
    void aPersonRunsTheWholeProductFromTheConsole() {
        try {
            walkThrough();
        } catch (RuntimeException | AssertionError e) {
            // what the page showed when it went wrong: a screenshot and the text, in the failure
            browser.screenshot("failure");
            throw new AssertionError(e.getMessage() + "\n--- the page said:\n"
                    + browser.driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    private void walkThrough() {
        browser.open(base() + "/console/");
        browser.type("#signin-key", TestApps.OPERATOR_KEY);
        browser.click("Sign in");
        // the key lives in sessionStorage only: never in the URL, never in localStorage
        browser.find("#new-project-name");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(TestApps.OPERATOR_KEY);
        assertThat(browser.script("return sessionStorage.getItem('cantila.key')")).isEqualTo(TestApps.OPERATOR_KEY);
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);

        browser.type("#new-project-name", "Console shop");
        browser.click("Create project");
        String projectKey = browser.find("p.secret code.once").getText();
        assertThat(projectKey).isNotBlank();
        browser.click("Done");
        String project = (String) browser.script("return sessionStorage.getItem('cantila.project')");
        Api api = SERVER.operator();
        assertThat(api.get("/v1/projects/" + project).text("/name")).isEqualTo("Console shop");

        // Numbers: activate SMS (shows the injected variables), then buy one more number from the catalog
        browser.click("Activate SMS");
        String smsNumber = browser.find("#sms-number").getText();
        browser.waitText("#sms-activation", "CANTILA_SMS_NUMBER");
        browser.click("Search");
        browser.until(d -> d.findElements(By.cssSelector("#catalog tbody tr")).size() > 1 ? true : null);
        String bought = browser.driver.findElement(By.cssSelector("#catalog tbody tr td")).getText();
        browser.driver.findElement(By.cssSelector("#catalog button[aria-label='Buy " + bought + "']")).click();
        browser.waitText("#held", bought);
        browser.waitText("#held", smsNumber);
        look("numbers");

        // SMS: the live counter, then send and watch the status timeline reach delivered
        nav("SMS");
        browser.type("#send-to", "+14155550123");
        browser.type("#send-body", "Your order shipped 😀");
        assertThat(browser.waitText("#segment-counter", "UCS-2")).contains("1 segment");
        browser.click("Send");
        browser.waitText("[role=status]", "Accepted msg_");
        browser.until(d -> d.findElements(By.cssSelector("#messages tbody tr button.link")).isEmpty() ? null : true);
        browser.driver.findElement(By.cssSelector("#messages tbody tr button.link")).click();
        browser.waitText("#message-detail", "delivered");
        assertThat(browser.find("#message-detail .timeline").getText()).contains("queued").contains("sent");
        look("sms");

        // Threads: open the conversation, then a text from the phone simulator appears without a reload
        nav("Threads");
        browser.until(d -> d.findElements(By.cssSelector("#threads button.link")).isEmpty() ? null : true);
        browser.driver.findElement(By.cssSelector("#threads button.link")).click();
        browser.waitText("#thread-messages", "Your order shipped");
        browser.script("window.__noReload = 'still here'");
        browser.click("Phone simulator");
        browser.select("#sim-to", smsNumber);
        browser.type("#sim-body", "Where is my parcel?");
        browser.click("Send text");
        browser.waitText("#thread-messages", "Where is my parcel?");
        assertThat(browser.script("return window.__noReload")).isEqualTo("still here");
        look("threads");

        // Scripts: create, edit in CodeMirror, run the scenario in the page, save and deploy, bind to the number
        nav("Scripts");
        browser.type("#new-script", "shop.js");
        browser.click("Create script");
        WebElement editor = browser.find(".cm-content");
        browser.script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", editor);
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys("export async function onSms(sms, ctx) { return ctx.reply('Got it: ' + sms.body); }");
        editor.sendKeys(Keys.ESCAPE, Keys.END, Keys.ENTER);
        editor.sendKeys("export async function onCall(call, ctx) { await call.say('Welcome to the shop'); "
                + "const d = await call.gather({ numDigits: 1, timeoutSeconds: 20 }); ctx.log.info('pressed', d); "
                + "await call.say('You pressed ' + d); }");
        editor.sendKeys(Keys.ESCAPE);
        browser.type("#scenario-yaml", "name: a text gets the new reply\nsteps:\n  - sms: hello\n  - expect: {reply: \"Got it: hello\"}\n");
        browser.click("Run scenario");
        // the first run of a JVM starts a script runtime of its own (cold): give it longer than a page update
        assertThat(browser.waitText("#scenario-result", "passed", java.time.Duration.ofSeconds(90))).contains("reply");
        look("scripts");
        browser.driver.findElements(By.xpath("//label[contains(., 'and deploy it')]/input")).get(0).click();
        browser.click("Save as new version");
        browser.waitText(".scriptwork", "Saved version 2 and deployed it");
        browser.select("#bind-number", smsNumber);
        browser.click("Bind");
        browser.waitText(".scriptwork", "SMS → script");
        String scriptId = api.get("/v1/projects/" + project + "/scripts").json().get("data").get(0).get("id").asText();
        assertThat(api.get("/v1/projects/" + project + "/scripts/" + scriptId + "/versions/2").text("/source"))
                .contains("Got it: ").contains("You pressed ");
        assertThat(api.get("/v1/projects/" + project + "/scripts/" + scriptId).json().get("deployedVersion").asInt())
                .isEqualTo(2);

        // the simulator calls the number, the caller presses 5, and the handler answers
        browser.click("Call " + smsNumber);
        browser.waitText("#sim-call-events", "Welcome to the shop");
        browser.driver.findElement(By.cssSelector("#sim-call button[aria-label='Press 5']")).click();
        browser.waitText("#sim-call-events", "You pressed 5");
        look("simulator");

        // the execution log has the call's run with its log line
        browser.until(d -> {
            d.findElements(By.xpath("//h3[@id='exec-h']/button")).forEach(WebElement::click);
            List<WebElement> rows = d.findElements(By.xpath("//table[@id='executions']//tr[td[contains(., 'call')]]"));
            return rows.isEmpty() ? null : rows.get(0);
        }).findElement(By.cssSelector("button.link")).click();
        browser.waitText("#executions", "pressed");
        look("executions");

        // Calls: the call with its timeline
        nav("Calls");
        browser.until(d -> d.findElements(By.cssSelector("#calls tbody tr button.link")).isEmpty() ? null : true);
        browser.driver.findElement(By.cssSelector("#calls tbody tr button.link")).click();
        browser.waitText("#call-detail", "gather");
        look("calls");

        // Webhooks: the secret is shown once
        nav("Webhooks");
        browser.type("#wh-url", "https://hooks.example.com/cantila");
        browser.click("Add endpoint");
        assertThat(browser.find("#webhook-secret").getText()).startsWith("whsec_");
        browser.waitText("#webhooks", "hooks.example.com");
        look("webhooks");

        // an error shows the API's message and field
        browser.type("#wh-url", "not a url");
        browser.click("Add endpoint");
        assertThat(browser.find("p.error[role=alert]").getText()).contains("url");

        // a phone's width: the threads page fits without sideways scrolling, and passes the same check
        nav("Threads");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.find("#threads");
        look("phone-threads");
        assertThat((Long) browser.script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(391L);
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        assertThat(violations).as("serious or critical accessibility violations (axe-core), by page").isEmpty();

        browser.click("Sign out");
        browser.find("#signin-key");
        assertThat(browser.script("return sessionStorage.getItem('cantila.key')")).isNull();
    }
}
