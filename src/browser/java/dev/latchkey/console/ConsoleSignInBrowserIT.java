package dev.latchkey.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;

/** Signing in to the console: OpenID Connect with PKCE against a real provider, a forged answer, errors in words, and no dev sign-in in the packaged service. */
class ConsoleSignInBrowserIT extends ConsoleBrowser {

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
}
