package dev.latchkey.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

/** An application's tabs in the console (settings, collections, webhooks, users, realtime rules, authentication), and the service following what they save. */
class ConsoleApplicationTabsBrowserIT extends ConsoleBrowser {

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
        Made app = signedInWithNewApplication("People");
        String pk = app.key("/keys/live/publishable_key");
        String ada = "ada-" + System.nanoTime() + "@example.com";
        String password = "pw-" + UUID.randomUUID();
        String adaToken = endUser(pk, "signup", ada, password).get("token").asText();
        endUser(pk, "signup", "bob-" + System.nanoTime() + "@example.com", password);

        openTab(app, "users");
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
        Made app = signedInWithNewApplication("Shop");
        String sk = app.key("/keys/live/secret_key");
        for (String document : List.of("{\"item\":\"pen\",\"price\":2}", "{\"item\":\"book\",\"price\":12}", "{\"item\":\"lamp\",\"price\":30}")) {
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/data/orders")).header("x-api-key", sk)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(document)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        }
        openTab(app, "collections");
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
        Made app = signedInWithNewApplication("Chat");
        String pk = app.key("/keys/live/publishable_key");
        openTab(app, "realtime");
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
        var stored = service.admin(platformAdminToken(), "GET", 0, "/api/v1/applications/" + app.id(), null, app.tenant());
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
        Made app = signedInWithNewApplication("Vault");
        String pk = app.key("/keys/live/publishable_key");
        String email = "mfa-" + System.nanoTime() + "@example.com";
        endUser(pk, "signup", email, "correct horse battery");
        openTab(app, "authentication");
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
        var stored = service.admin(platformAdminToken(), "GET", 0, "/api/v1/applications/" + app.id() + "/auth-providers",
                null, app.tenant());
        assertFalse(stored.toString().contains(secret), stored.toString());
        assertEquals(List.of("Failed to load resource: the server responded with a status of 400 (Bad Request)"), consoleErrors);
    }
}
