package dev.latchkey.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.regex.Pattern;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in headless Chromium against the packaged service, found by the accessible names
 * of CONTRACT section 10, as an outside browser test would: sign-in (pasted token, and OpenID
 * Connect with PKCE against a real provider started here), the main flow, errors in words, and
 * every page at 1280 and 390 px wide (screenshots in target/console-screenshots).
 * Run by {@code ./mvnw verify -Pbrowser}; Chromium from LATCHKEY_CHROMIUM (default /usr/bin/chromium).
 */
class ConsoleBrowserIT {

    private static final String ISSUER_ID = "console";
    private static final String AUDIENCE = "latchkey-admin";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static MockOAuth2Server provider;
    private static ServiceInstances service;
    private static Playwright playwright;
    private static Browser browser;
    private static String base;

    private BrowserContext context;
    private Page page;
    private final List<String> consoleErrors = new ArrayList<>();

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

    private void newContext(int width, int height) {
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
    private static String adminToken(String subject, Map<String, Object> claims) {
        return provider.issueToken(ISSUER_ID, "latchkey-console",
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(AUDIENCE), claims, 3600)).serialize();
    }

    private static String platformAdminToken() {
        return adminToken("operator@example.com", Map.of("groups", List.of("platform-admin")));
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator field(String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    private void signInWithToken(String token) {
        page.navigate(base + "/console");
        field("Admin token").fill(token);
        button("Sign in").click();
        assertThat(button("Sign out")).isVisible();
    }

    /** Copies a value shown once with its Copy button, and reads it back from the clipboard. */
    private String copy(String label) {
        page.locator(".secret").filter(new Locator.FilterOptions().setHasText(label))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy").setExact(true)).click();
        assertThat(page.getByText(label + " copied to the clipboard.")).isVisible();
        return (String) page.evaluate("navigator.clipboard.readText()");
    }

    private static HttpResponse<String> self(String key) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys/self")).header("x-api-key", key).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void shoot(String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    private String newTenant() {
        page.navigate(base + "/console/#/tenants");
        String id = "console-" + System.nanoTime();
        field("Tenant name").fill("Console Co");
        field("Tenant id (optional)").fill(id);
        button("Create tenant").click();
        assertThat(page.getByLabel("Tenant", new Page.GetByLabelOptions().setExact(true))).hasValue(id);
        return id;
    }

    /** Applications > New application > Name > Create: the dialog of its four keys is open after it. */
    private void createApplication(String name) {
        page.navigate(base + "/console/#/applications");
        button("New application").click();
        field("Name").fill(name);
        button("Create").click();
    }

    @Test
    void theMainFlowMakesRotatesRestrictsAndRevokesKeysThatTheServiceHonours() throws Exception {
        signInWithToken(platformAdminToken());
        newTenant();

        // a new application: its four keys shown once, each with Copy
        createApplication("Storefront");
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        assertThat(dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Copy").setExact(true))).hasCount(4);
        String secretKey = copy("Live secret key");
        assertTrue(secretKey.startsWith("sk_live_"), secretKey);
        assertTrue(copy("Test publishable key").startsWith("pk_test_"));
        button("I have saved the keys").click();
        assertThat(dialog).isHidden();
        assertEquals(200, self(secretKey).statusCode(), "the copied key works");

        // the keys table, one row per key, with the contract's columns
        Locator table = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Keys"));
        assertThat(table.locator("tbody tr")).hasCount(4);
        assertEquals(List.of("Hint", "Type", "Environment", "Name", "Created", "Last used", "Expires", "Status", "Actions"),
                table.locator("thead th").allTextContents().stream().map(String::trim).toList());
        assertFalse(page.content().contains(secretKey), "the secret is gone from the page once saved");

        // rotate with no grace period: the old key is refused at once
        button("Rotate secret key").click();
        field("Grace period").selectOption("0");
        button("Rotate").click();
        String rotated = copy("New live secret key");
        button("I have saved the keys").click();
        assertEquals(401, self(secretKey).statusCode());
        assertTrue(self(secretKey).body().contains("api_key_revoked"));
        assertEquals(200, self(rotated).statusCode());

        // a restricted extra key: per resource none / read / write
        button("New secret key").click();
        field("Name").fill("reporting");
        field("data").selectOption("read");
        field("users").selectOption("none");
        field("audit").selectOption("none");
        button("Create key").click();
        String restricted = copy("Secret key \"reporting\" (live)");
        button("I have saved the keys").click();
        String introspection = self(restricted).body();
        assertTrue(introspection.contains("\"data\":\"read\"") && introspection.contains("\"users\":\"none\""), introspection);
        assertThat(table.locator("tbody tr")).hasCount(6); // four, the rotated-out key, and the new one

        // revoke it, confirming
        table.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("reporting"))
                .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke").setExact(true)).click();
        button("Revoke key").click();
        assertThat(table.locator("tbody tr").filter(new Locator.FilterOptions().setHasText("reporting"))).containsText("revoked");
        assertEquals(401, self(restricted).statusCode());

        // usage: the checks above, in the chart's table (flushed each second by the service)
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Usage").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions().setName(Pattern.compile("Chart of checks per day")))).isVisible();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            button("Show").click();
            Locator today = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Checks per day")).locator("tbody tr").last();
            List<String> cells = today.locator("td").allTextContents();
            return Integer.parseInt(cells.getLast().trim()) >= 3;
        });
        shoot("flow-usage-1280");

        // the audit log names what was done
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log").setExact(true)).click();
        Locator audit = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Audit log"));
        // the page loads its rows after the click: an assertion that waits, not a read of what is there now
        assertThat(audit.locator("thead th")).hasText(new String[] {"Time", "Actor", "Action", "Target", "Address"});
        assertThat(audit.locator("tbody")).containsText("key.revoke");
        assertThat(audit.locator("tbody")).containsText("key.rotate");
        assertThat(audit.locator("tbody")).containsText("application.create");

        // sign out: nothing of the token stays in the browser
        button("Sign out").click();
        assertThat(field("Admin token")).isVisible();
        assertEquals(0L, ((Number) page.evaluate("sessionStorage.length + localStorage.length")).longValue());
        assertTrue(context.cookies().isEmpty());
        assertEquals(List.of(), consoleErrors);
    }

    @Test
    void settingsPreviewAndSaveCollectionsAndWebhooksAreManagedFromThePages() throws Exception {
        signInWithToken(platformAdminToken());
        newTenant();
        createApplication("Branded");
        button("I have saved the keys").click();
        String app = page.url().replaceAll(".*#/applications/([^/]+)/keys", "$1");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Settings").setExact(true)).click();
        field("Allowed origins (one per line)").fill("not an origin");
        button("Save settings").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("allowed_origins");
        // the browser itself logs the refused request; nothing else may appear
        assertEquals(List.of("Failed to load resource: the server responded with a status of 400 (Bad Request)"), consoleErrors);
        consoleErrors.clear();
        field("Allowed origins (one per line)").fill("http://localhost:3000");
        field("Primary colour").fill("#ff0000");
        Locator preview = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Branding preview"));
        assertThat(preview.locator("strong")).hasCSS("color", "rgb(255, 0, 0)");
        button("Save settings").click();
        assertThat(page.getByText("Saved: identify answers the new configuration")).isVisible();
        String stored = service.admin(platformAdminToken(), "GET", 0, "/api/v1/applications/" + app, null, null).toString();
        assertTrue(stored.contains("\"primary_color\":\"#ff0000\"") && stored.contains("http://localhost:3000"), stored);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Collections").setExact(true)).click();
        field("Collection").fill("notes");
        button("Save collection").click();
        Locator collections = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Collections"));
        assertThat(collections.locator("tbody tr")).hasCount(2);
        assertThat(collections.locator("tbody tr").first()).containsText("owner");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Webhooks").setExact(true)).click();
        field("Endpoint URL").fill("http://127.0.0.1:9/latchkey-events");
        button("Add webhook").click();
        String secret = copy("Signing secret of http://127.0.0.1:9/latchkey-events");
        assertTrue(secret.startsWith("whsec_"), secret);
        button("I have saved the keys").click();
        Locator hooks = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Webhooks"));
        assertThat(hooks.locator("tbody tr")).hasCount(1);
        assertFalse(page.content().contains(secret));
        button("Deliveries").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Deliveries to http://127.0.0.1:9/latchkey-events")))
                .isVisible();
        assertEquals(List.of(), consoleErrors);
    }

    @Test
    void theUsersTabFindsDisablesSignsOutAndDeletesEndUsers() throws Exception {
        signInWithToken(platformAdminToken());
        String tenant = newTenant();
        var app = service.admin(platformAdminToken(), "POST", 0, "/api/v1/applications", "{\"name\":\"People\"}", tenant);
        String pk = app.at("/keys/live/publishable_key").asText();
        String ada = "ada-" + System.nanoTime() + "@example.com";
        String password = "pw-" + UUID.randomUUID();
        String adaToken = endUser(pk, "signup", ada, password).get("token").asText();
        endUser(pk, "signup", "bob-" + System.nanoTime() + "@example.com", password);

        page.navigate(base + "/console/#/applications/" + app.get("id").asText() + "/users");
        Locator users = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Users"));
        assertThat(users.locator("tbody tr")).hasCount(2);
        field("E-mail starts with").fill("ada-");
        button("Search").click();
        assertThat(users.locator("tbody tr")).hasCount(1);
        Locator row = users.locator("tbody tr").first();
        assertThat(row).containsText(ada);

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Disable").setExact(true)).click();
        assertThat(row).containsText("disabled");
        assertEquals(403, endUserAnswer(pk, "login", ada, password).statusCode());
        assertEquals(401, me(pk, adaToken).statusCode());
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Enable").setExact(true)).click();
        assertThat(row).containsText("active");
        String again = endUser(pk, "login", ada, password).get("token").asText();
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign out").setExact(true)).click();
        assertThat(page.getByText("Every session of " + ada + " has ended.")).isVisible();
        assertEquals(401, me(pk, again).statusCode());

        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete with documents").setExact(true)).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText("every document it owns is deleted");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete user and documents")).click();
        assertThat(users.locator("tbody tr")).hasCount(1);
        assertThat(users.locator("tbody tr").first()).containsText("No user found.");
        assertEquals(401, endUserAnswer(pk, "login", ada, password).statusCode());
        assertEquals(List.of(), consoleErrors);
    }

    @Test
    void theCollectionsTabDeclaresIndexesAndFiltersDocuments() throws Exception {
        signInWithToken(platformAdminToken());
        String tenant = newTenant();
        var app = service.admin(platformAdminToken(), "POST", 0, "/api/v1/applications", "{\"name\":\"Shop\"}", tenant);
        String sk = app.at("/keys/live/secret_key").asText();
        for (String document : List.of("{\"item\":\"pen\",\"price\":2}", "{\"item\":\"book\",\"price\":12}", "{\"item\":\"lamp\",\"price\":30}")) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/orders")).header("x-api-key", sk)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(document)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        }
        page.navigate(base + "/console/#/applications/" + app.get("id").asText() + "/collections");
        field("Collection").fill("orders");
        page.locator("select[name=environment]").selectOption("live");
        page.locator("select[name=read_access]").selectOption("public");
        field("Indexes").fill("price; item,-_created_at");
        button("Save collection").click();
        Locator orders = page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Collections")).locator("tbody tr").first();
        assertThat(orders).containsText("price ready");
        assertThat(orders).containsText("item, -_created_at ready");

        orders.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Documents")).click();
        Locator documents = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Documents of orders"));
        assertThat(documents.locator("li")).hasCount(3);
        assertThat(documents.getByRole(AriaRole.STATUS)).containsText("3 matching");
        field("Where").fill("{\"price\":{\"$gte\":10}}");
        field("Sort").fill("-price");
        button("Filter").click();
        assertThat(documents.locator("li")).hasCount(2);
        assertThat(documents.locator("li").first()).containsText("lamp");
        field("Where").fill("{\"price\":{\"$regex\":1}}");
        button("Filter").click();
        assertThat(documents.getByRole(AriaRole.ALERT)).containsText("unknown operator");
        assertEquals(List.of("Failed to load resource: the server responded with a status of 400 (Bad Request)"), consoleErrors);
    }

    @Test
    void theRealtimeTabOrdersTopicRulesAndTheServiceFollowsThem() throws Exception {
        signInWithToken(platformAdminToken());
        String tenant = newTenant();
        var app = service.admin(platformAdminToken(), "POST", 0, "/api/v1/applications", "{\"name\":\"Chat\"}", tenant);
        String pk = app.at("/keys/live/publishable_key").asText();
        page.navigate(base + "/console/#/applications/" + app.get("id").asText() + "/realtime");
        assertThat(page.getByText("No rules: publishable keys can neither subscribe to topics nor publish.")).isVisible();
        button("Add rule").click();
        field("Pattern of rule 1").fill("rooms/#");
        button("Add rule").click();
        field("Pattern of rule 2").fill("rooms/secret");
        page.getByLabel("Subscribe of rule 2").selectOption("none");
        button("Move rule 2 up").click();
        assertThat(field("Pattern of rule 1")).hasValue("rooms/secret");
        button("Save rules").click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Saved");
        var stored = service.admin(platformAdminToken(), "GET", 0, "/api/v1/applications/" + app.get("id").asText(), null, tenant);
        assertEquals("rooms/secret", stored.at("/realtime_rules/0/pattern").asText());
        assertEquals(403, streamStatus(pk, "rooms/secret"), "the first rule decides");
        assertEquals(200, streamStatus(pk, "rooms/lobby"));
        field("Pattern of rule 1").fill("rooms/a b");
        button("Save rules").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("realtime_rules[0].pattern");
        assertEquals(List.of("Failed to load resource: the server responded with a status of 400 (Bad Request)"), consoleErrors);
    }

    @Test
    void theAuthenticationTabRequiresMfaAndKeepsExternalIssuers() throws Exception {
        signInWithToken(platformAdminToken());
        String tenant = newTenant();
        var app = service.admin(platformAdminToken(), "POST", 0, "/api/v1/applications", "{\"name\":\"Vault\"}", tenant);
        String pk = app.at("/keys/live/publishable_key").asText();
        String email = "mfa-" + System.nanoTime() + "@example.com";
        endUser(pk, "signup", email, "correct horse battery");
        page.navigate(base + "/console/#/applications/" + app.get("id").asText() + "/authentication");
        assertThat(page.locator("#mfa-consequence")).containsText("refused by the data API and realtime");
        assertThat(page.getByText("Add external to the sign-in methods")).isVisible();
        page.getByLabel("Require a second factor (TOTP) for every end user").check();
        button("Add issuer").click();
        field("Issuer (iss) of issuer 1").fill("https://example.us.auth0.com/");
        field("JWKS URL of issuer 1").fill("ftp://example.us.auth0.com/jwks");
        field("Audience (aud) of issuer 1").fill("https://api.example.com");
        button("Save authentication").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("external_issuers[0].jwks_url");
        button("Remove issuer 1").click();
        button("Save authentication").click();
        assertThat(page.getByText("Saved: every instance follows the new settings.")).isVisible();
        assertThat(page.getByText("No provider yet.")).isVisible();
        // the service follows: a password sign-in now answers a challenge that must enrol, and no session
        var challenged = endUser(pk, "login", email, "correct horse battery");
        assertTrue(challenged.at("/mfa/enroll").asBoolean(), challenged.toString());
        assertTrue(challenged.path("token").isMissingNode() || challenged.path("token").isNull(), challenged.toString());

        // a social provider: the secret goes in, and never comes back to the page
        String secret = "oidc-secret-" + System.nanoTime();
        page.getByLabel("Provider", new Page.GetByLabelOptions().setExact(true)).selectOption("oidc");
        field("Name (oidc-…)").fill("acme");
        field("Client id").fill("console-client");
        page.getByLabel("Client secret (write-only; leave empty to keep the stored one)").fill(secret);
        page.getByLabel("Issuer", new Page.GetByLabelOptions().setExact(false)).fill(provider.issuerUrl("acme").toString());
        button("Save provider").click();
        assertThat(page.getByText("Saved oidc-acme (live): its secret is stored sealed and is never shown.")).isVisible();
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Sign-in providers"))).containsText("oidc-acme");
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Sign-in providers"))).containsText("console-client");
        assertFalse(page.content().contains(secret), "the secret is not in the page");
        var stored = service.admin(platformAdminToken(), "GET", 0, "/api/v1/applications/" + app.get("id").asText() + "/auth-providers",
                null, tenant);
        assertFalse(stored.toString().contains(secret), stored.toString());
        assertEquals(List.of("Failed to load resource: the server responded with a status of 400 (Bad Request)"), consoleErrors);
    }

    /** The status of a stream opened with the key on a topic; the stream itself is closed at once. */
    private static int streamStatus(String pk, String topic) throws Exception {
        HttpResponse<java.io.InputStream> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/realtime/stream?topics=" + topic))
                .header("x-api-key", pk).build(), HttpResponse.BodyHandlers.ofInputStream());
        answer.body().close();
        return answer.statusCode();
    }

    private static HttpResponse<String> endUserAnswer(String pk, String action, String email, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/userAuth/" + action)).header("x-api-key", pk)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static com.fasterxml.jackson.databind.JsonNode endUser(String pk, String action, String email, String password)
            throws Exception {
        HttpResponse<String> answer = endUserAnswer(pk, action, email, password);
        assertTrue(answer.statusCode() < 300, answer.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
    }

    private static HttpResponse<String> me(String pk, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/userAuth/me")).header("x-api-key", pk)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void signInAndANewApplicationWorkFromTheKeyboardAlone() {
        page.navigate(base + "/console/");
        assertThat(field("Admin token")).isVisible();
        page.keyboard().press("Tab"); // the provider's button
        page.keyboard().press("Tab");
        assertThat(field("Admin token")).isFocused();
        page.keyboard().type(platformAdminToken());
        page.keyboard().press("Enter");
        assertThat(button("Sign out")).isVisible();
        newTenant();
        page.navigate(base + "/console/#/applications");
        button("New application").focus();
        page.keyboard().press("Enter");
        assertThat(field("Name")).isFocused();
        page.keyboard().type("Typed");
        // Create is disabled while the page still loads the list, and Enter submits nothing then
        // (as a click would wait for it, so does the keyboard user)
        assertThat(button("Create")).isEnabled();
        page.keyboard().press("Enter");
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).isVisible();
        page.keyboard().press("Escape");
        assertThat(dialog).isVisible(); // shown-once secrets close only through the confirmation
        for (int i = 0; i < 4; i++) {
            page.keyboard().press("Tab"); // past the four Copy buttons
        }
        assertThat(button("I have saved the keys")).isFocused();
        page.keyboard().press("Enter");
        assertThat(dialog).isHidden();
        assertThat(page.getByRole(AriaRole.TABLE, new Page.GetByRoleOptions().setName("Keys")).locator("tbody tr")).hasCount(4);
        assertEquals(List.of(), consoleErrors);
    }

    @Test
    void openIdConnectSignInWithPkceGivesTheProvidersTokenToTheConsoleOnly() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "alice@example.com", "JWT", List.of(AUDIENCE),
                Map.of("groups", List.of("platform-admin"), "preferred_username", "alice"), 3600));
        page.navigate(base + "/console/");
        button("Sign in with Example SSO").click();
        assertThat(button("Sign out")).isVisible();
        assertThat(page.getByText("alice", new Page.GetByTextOptions().setExact(true))).isVisible();
        assertFalse(page.url().contains("code="), "the one-time code left the address bar: " + page.url());
        String token = (String) page.evaluate("sessionStorage.getItem('latchkey.console.token')");
        assertTrue(token.startsWith("eyJ"), "the access token is kept for this tab");
        assertEquals(0L, ((Number) page.evaluate("localStorage.length")).longValue());
        assertTrue(context.cookies(base).isEmpty(), "no cookie for the service");
        assertEquals(List.of(), consoleErrors);
    }

    @Test
    void anAnswerToASignInNotStartedHereIsRefused() {
        page.navigate(base + "/console/?code=stolen-code&state=forged");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("does not match a sign-in started here");
        assertFalse(page.url().contains("code="), page.url());
        assertEquals(0L, ((Number) page.evaluate("sessionStorage.length + localStorage.length")).longValue());
        page.navigate(base + "/console/?error=access_denied&error_description=Call+0800+now&state=forged");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("does not match a sign-in started here");
        assertThat(page.getByText("Call 0800 now")).hasCount(0);
        assertEquals(List.of(), consoleErrors);
    }

    @Test
    void errorsAreShownInWordsWithTheMissingPermission() {
        page.navigate(base + "/console/");
        field("Admin token").fill("not-a-token");
        button("Sign in").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("token");
        assertThat(field("Admin token")).isVisible();

        // a tenant admin reaching the tenants page: the API's refusal, naming the permission
        signInWithToken(adminToken("tenant-admin@example.com", Map.of("groups", List.of("tenant-admin"), "tenant_id", "console-elsewhere")));
        page.navigate(base + "/console/#/tenants");
        field("Tenant name").fill("Not mine");
        button("Create tenant").click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("Missing permission: tenants:write.");
    }

    @Test
    void theDevSignInIsAbsentFromThePackagedService() throws Exception {
        HttpResponse<String> devToken = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/console/dev-token")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, devToken.statusCode());
        page.navigate(base + "/console/");
        assertThat(button("Sign in with Example SSO")).isVisible();
        assertThat(button("Sign in with the dev admin token")).hasCount(0);
    }

    @Test
    void everyPageWorksAtDesktopAndPhoneWidths() {
        for (int width : List.of(1280, 390)) {
            newContext(width, width == 390 ? 844 : 900);
            page.navigate(base + "/console/");
            assertThat(field("Admin token")).isVisible();
            shoot("sign-in-" + width);
            signInWithToken(platformAdminToken());
            newTenant();
            if (width == 390) {
                // the first width's tenant and this one: the selector offers every tenant, not just the chosen one
                assertTrue(page.getByLabel("Tenant", new Page.GetByLabelOptions().setExact(true)).locator("option").count() >= 2);
            }
            shoot("tenants-" + width);
            createApplication("Pages at " + width);
            assertThat(page.getByRole(AriaRole.DIALOG)).isVisible();
            shoot("new-keys-" + width);
            button("I have saved the keys").click();
            String app = page.url().replaceAll(".*#/applications/([^/]+)/keys", "$1");
            for (String tab : List.of("keys", "settings", "users", "collections", "usage", "audit", "webhooks")) {
                page.navigate(base + "/console/#/applications/" + app + "/" + tab);
                assertThat(page.locator("main .loading")).hasCount(0);
                assertThat(page.locator("lk-application > :is(lk-keys, lk-settings, lk-users, lk-collections, lk-usage, lk-audit, lk-webhooks)"))
                        .hasCount(1);
                assertThat(page.locator("dialog[open]")).hasCount(0);
                assertThat(page.getByRole(AriaRole.ALERT)).hasCount(0);
                shoot(tab + "-" + width);
                long overflow = ((Number) page.evaluate("document.documentElement.scrollWidth - window.innerWidth")).longValue();
                assertTrue(overflow <= 0, tab + " at " + width + " px is " + overflow + " px too wide");
                // every control has an accessible name
                Object unnamed = page.evaluate("""
                        [...document.querySelectorAll('button, input, select, textarea, a[href]')]
                            .filter(e => e.offsetParent !== null)
                            .filter(e => !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                                || (e.textContent || '').trim()))
                            .map(e => e.outerHTML.slice(0, 80))""");
                assertEquals(List.of(), unnamed, tab + " at " + width);
            }
            page.navigate(base + "/console/#/applications");
            shoot("applications-" + width);
        }
        assertEquals(List.of(), consoleErrors);
    }
}
