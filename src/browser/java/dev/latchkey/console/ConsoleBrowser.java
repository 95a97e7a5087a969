package dev.latchkey.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.latchkey.support.ServiceInstances;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The console in headless Chromium against the packaged service, found by the accessible names
 * of CONTRACT section 10, as an outside browser test would: one packaged service, a real OpenID
 * provider and Chromium per test class, a fresh browser context per test, and the steps the
 * tests share (sign-in with a pasted token, a tenant, an application). Screenshots go to
 * target/console-screenshots. Run by {@code ./mvnw verify -Pbrowser}; Chromium from
 * LATCHKEY_CHROMIUM (default /usr/bin/chromium).
 */
abstract class ConsoleBrowser {

    protected static final String ISSUER_ID = "console";
    protected static final String AUDIENCE = "latchkey-admin";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    protected static final HttpClient HTTP = HttpClient.newHttpClient();

    protected static MockOAuth2Server provider;
    protected static ServiceInstances service;
    private static Playwright playwright;
    private static Browser browser;
    protected static String base;

    protected BrowserContext context;
    protected Page page;
    protected final List<String> consoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start(0);
        service = new ServiceInstances(1, Map.of(
                "MP_JWT_VERIFY_ISSUER", provider.issuerUrl(ISSUER_ID).toString(),
                "MP_JWT_VERIFY_AUDIENCES", AUDIENCE,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", provider.jwksUrl(ISSUER_ID).toString(),
                "LATCHKEY_CONSOLE_OIDC_ISSUER", provider.issuerUrl(ISSUER_ID).toString(),
                "LATCHKEY_CONSOLE_OIDC_CLIENT_ID", "latchkey-console",
                "LATCHKEY_CONSOLE_OIDC_NAME", "Example SSO",
                "LATCHKEY_USAGE_FLUSH_INTERVAL", "1s",
                "LATCHKEY_WEBHOOK_ALLOW_INSECURE_URLS", "true",
                "LATCHKEY_AUTH_ALLOW_INSECURE_PROVIDERS", "true"));
        base = service.urls().getFirst();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Path chromium = Path.of(System.getenv().getOrDefault("LATCHKEY_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("No Chromium at " + chromium + ": install Debian's chromium or set LATCHKEY_CHROMIUM");
        }
        // flags for a machine without network beyond loopback (no update, sync or background calls)
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (service != null) {
            service.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @BeforeEach
    void openBrowser() {
        newContext(1280, 900);
    }

    @AfterEach
    void closeBrowser() {
        context.close();
    }

    protected void newContext(int width, int height) {
        if (context != null) {
            context.close();
        }
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"), new BrowserContext.GrantPermissionsOptions().setOrigin(base));
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                consoleErrors.add(message.text());
            }
        });
        page.onPageError(consoleErrors::add);
    }

    /** An admin token from the provider, as an operator would paste it. */
    protected static String adminToken(String subject, Map<String, Object> claims) {
        return provider.issueToken(ISSUER_ID, "latchkey-console",
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(AUDIENCE), claims, 3600)).serialize();
    }

    protected static String platformAdminToken() {
        return adminToken("operator@example.com", Map.of("groups", List.of("platform-admin")));
    }

    protected Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    protected Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    protected void signInWithToken(String token) {
        page.navigate(base + "/console");
        field("Admin token").fill(token);
        button("Sign in").click();
        assertThat(button("Sign out")).isVisible();
    }

    /** Copies a value shown once with its Copy button, and reads it back from the clipboard. */
    protected String copy(String label) {
        page.locator(".secret").filter(new Locator.FilterOptions().setHasText(label))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy").setExact(true)).click();
        assertThat(page.getByText(label + " copied to the clipboard.")).isVisible();
        return (String) page.evaluate("navigator.clipboard.readText()");
    }

    protected static HttpResponse<String> self(String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys/self")).header("x-api-key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected void shoot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    protected String newTenant() {
        page.navigate(base + "/console/#/tenants");
        String id = "console-" + System.nanoTime();
        field("Tenant name").fill("Console Co");
        field("Tenant id (optional)").fill(id);
        button("Create tenant").click();
        assertThat(page.getByLabel("Tenant", new Page.GetByLabelOptions().setExact(true))).hasValue(id);
        return id;
    }

    /** An application made through the API in a new tenant, by a platform admin signed in to the console. */
    protected record Made(String tenant, JsonNode app) {

        String id() {
            return app.get("id").asText();
        }

        String key(String pointer) {
            return app.at(pointer).asText();
        }
    }

    protected Made signedInWithNewApplication(String name) throws Exception {
        signInWithToken(platformAdminToken());
        String tenant = newTenant();
        return new Made(tenant, service.admin(platformAdminToken(), "POST", 0, "/api/v1/applications", "{\"name\":\"" + name + "\"}", tenant));
    }

    /** One of the application's tabs: keys, settings, users, collections, realtime, authentication... */
    protected void openTab(Made made, String tab) {
        page.navigate(base + "/console/#/applications/" + made.id() + "/" + tab);
    }

    /** Applications > New application > Name > Create: the dialog of its four keys is open after it. */
    protected void createApplication(String name) {
        page.navigate(base + "/console/#/applications");
        button("New application").click();
        field("Name").fill(name);
        button("Create").click();
    }

    /** The status of a stream opened with the key on a topic; the stream itself is closed at once. */
    protected static int streamStatus(String pk, String topic) throws Exception {
        HttpResponse<java.io.InputStream> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/realtime/stream?topics=" + topic))
                .header("x-api-key", pk).build(), HttpResponse.BodyHandlers.ofInputStream());
        answer.body().close();
        return answer.statusCode();
    }

    protected static HttpResponse<String> endUserAnswer(String pk, String action, String email, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/userAuth/" + action)).header("x-api-key", pk)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static com.fasterxml.jackson.databind.JsonNode endUser(String pk, String action, String email, String password)
            throws Exception {
        HttpResponse<String> answer = endUserAnswer(pk, action, email, password);
        assertTrue(answer.statusCode() < 300, answer.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    }

    protected static HttpResponse<String> me(String pk, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/userAuth/me")).header("x-api-key", pk)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
