package dev.rtpolicy.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Debian's chromedriver (system properties {@code chromium.binary} and
 * {@code chromedriver.binary}; nothing is downloaded), logged in to the admin console as the master admin.
 * Selectors are the console's own (data-testid, ids of the declarative UI's editors); every wait is explicit.
 */
public final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KeycloakServer server;
    private final String consoleRealm;
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    private Browser(KeycloakServer server, String consoleRealm, ChromeDriver driver, Path profile) {
        this.server = server;
        this.consoleRealm = consoleRealm;
        this.driver = driver;
        this.wait = new WebDriverWait(driver, WAIT);
        this.profile = profile;
    }

    /** Starts Chromium and logs in to the master realm's admin console as admin/admin. */
    public static Browser loggedIn(KeycloakServer server) throws IOException {
        return loggedIn(server, "master", "admin", "admin");
    }

    /** Starts Chromium and logs in to {@code consoleRealm}'s own admin console (a realm administrator's). */
    public static Browser loggedIn(KeycloakServer server, String consoleRealm, String username, String password) throws IOException {
        File chromium = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        File chromedriver = new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver (" + chromium + ", " + chromedriver
                    + "): apt-get install chromium chromium-driver, as .ci/run does");
        }
        Path profile = Files.createTempDirectory("rtp-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // flags of a headless Chromium on a machine without outbound network (see docs/development.md)
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--user-data-dir=" + profile, "--lang=en-US", "--window-size=1920,1080");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort().build();
        Browser browser = new Browser(server, consoleRealm, new ChromeDriver(service, options), profile);
        browser.driver.manage().window().setSize(new Dimension(1920, 1080));
        browser.login(username, password);
        return browser;
    }

    private void login(String username, String password) {
        driver.get(consoleUrl());
        wait.until(ExpectedConditions.elementToBeClickable(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid='currentRealm']")));
    }

    /**
     * Opens a console route of {@code realm} with a full page load (a hash change right after another realm's page
     * can keep the previous realm's context) and waits until the console shows that realm.
     */
    public void open(String realm, String route) {
        driver.get("about:blank");
        driver.get(consoleUrl() + "#/" + realm + route);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid='currentRealm']"), realm));
    }

    private String consoleUrl() {
        return server.baseUrl() + "/admin/" + consoleRealm + "/console/";
    }

    /** Waits for an element of the form (the declarative UI renders after its data arrived). */
    public WebElement field(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** A text field of the declarative UI, by its property name. */
    public WebElement textField(String property) {
        return field("[data-testid='" + property + "']");
    }

    public void type(String property, String value) {
        WebElement input = textField(property);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(value);
    }

    /** A boolean of the declarative UI: clicks its switch until it shows {@code on}. */
    public void setSwitch(String property, boolean on) {
        WebElement label = field("label.pf-v5-c-switch[for='" + property + "']");
        if (driver.findElement(By.id(property)).isSelected() != on) {
            click(label);
        }
        wait.until(d -> d.findElement(By.id(property)).isSelected() == on);
    }

    public boolean switchOn(String property) {
        field("label.pf-v5-c-switch[for='" + property + "']");
        return driver.findElement(By.id(property)).isSelected();
    }

    /** A list of the declarative UI (a menu toggle with the property's id): picks {@code option}. */
    public void choose(String property, String option) {
        click(field("button[id='" + property + "']"));
        click(optionNamed(option));
        wait.until(d -> chosen(property).equals(option));
    }

    public String chosen(String property) {
        return field("button[id='" + property + "'] .pf-v5-c-menu-toggle__text").getText();
    }

    /** The client picker (typeahead) of the per-client page. */
    public void chooseClient(String clientId) {
        WebElement input = field("[id='config.client'] input");
        input.click();
        input.sendKeys(clientId);
        click(optionNamed(clientId));
        wait.until(d -> input.getAttribute("value").equals(clientId));
    }

    private WebElement optionNamed(String text) {
        By option = By.xpath("//*[@role='option'][.//*[normalize-space(text())='" + text + "']]");
        return wait.until(ExpectedConditions.elementToBeClickable(option));
    }

    /** Clicks the declarative UI's Save and returns the text of the alert the console shows. */
    public String save() {
        return save("save");
    }

    /** Clicks the button with {@code data-testid} and returns the text of the alert the console shows. */
    public String save(String testId) {
        dismissAlerts();
        click(field("[data-testid='" + testId + "']"));
        return field(".pf-v5-c-alert__title").getText();
    }

    public void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
        wait.until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    /** Clicks a tab of the page by its link (tab links are {@code #/realm/...} routes). */
    public void clickTab(String hrefSuffix) {
        click(field("a[role='tab'][href$='" + hrefSuffix + "']"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("a[role='tab'][href$='" + hrefSuffix + "']"), "aria-selected", "true"));
    }

    /** Shows a text area's whole content (for screenshots; an admin can drag it to that size too). */
    public void expandTextArea(String property) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].style.height = arguments[0].scrollHeight + 'px';", textField(property));
    }

    /** The visible texts of the elements matching {@code css}. */
    public List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves a PNG of the window under {@code screenshots.dir} (the images of docs/configuration.md, "Admin console"). */
    public void screenshot(String name) throws IOException {
        Path directory = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(directory);
        File png = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void dismissAlerts() {
        for (WebElement close : driver.findElements(By.cssSelector(".pf-v5-c-alert__action button"))) {
            try {
                close.click();
            } catch (RuntimeException gone) {
                // the alert timed out meanwhile
            }
        }
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".pf-v5-c-alert"), 0));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
