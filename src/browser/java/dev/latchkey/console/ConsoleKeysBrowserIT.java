package dev.latchkey.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The console's main flow (keys made, copied, rotated, restricted and revoked; usage; audit), by keyboard alone, and every page at 1280 and 390 px wide. */
class ConsoleKeysBrowserIT extends ConsoleBrowser {

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
