package dev.latchkey.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The console as the service serves it, without a browser: every module it loads resolves
 * (its own files, and Lit through the import map to the mvnpm jars' versions in pom.xml), its
 * settings say what sign-in offers, and the dev-only token endpoint is absent outside dev mode.
 * The console in a real browser: the Console*BrowserIT classes (./mvnw verify -Pbrowser).
 */
@QuarkusTest
class ConsoleAssetsTest {

    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("(?<![.\\w'\"$])(?:import|from)\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern MODULE = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"");

    @Test
    void consoleRedirectsToItsFolderAndServesThePage() {
        given().redirects().follow(false).get("/console").then().statusCode(302).header("Location", endsWith("/console/"));
        given().get("/console/").then().statusCode(200).contentType(containsString("text/html"))
                .header("X-Frame-Options", equalTo("DENY"))
                .body(containsString("<lk-console>"));
    }

    @Test
    void everyModuleTheConsoleImportsIsServed() throws IOException {
        String page = given().get("/console/").then().statusCode(200).extract().asString();
        Matcher map = IMPORT_MAP.matcher(page);
        assertTrue(map.find(), "the page has an import map");
        @SuppressWarnings("unchecked")
        Map<String, String> imports = (Map<String, String>) new ObjectMapper().readValue(map.group(1), Map.class).get("imports");

        Matcher entry = MODULE.matcher(page);
        assertTrue(entry.find());
        Deque<String> pending = new ArrayDeque<>();
        pending.add("/console/" + entry.group(1));
        Set<String> served = new HashSet<>();
        while (!pending.isEmpty()) {
            String path = pending.pop();
            if (!served.add(path)) {
                continue;
            }
            String source = given().get(path).then().statusCode(200).contentType(containsString("javascript"))
                    .extract().asString();
            Matcher imported = IMPORT.matcher(source);
            while (imported.find()) {
                pending.add(resolve(path, imported.group(1), imports));
            }
        }
        assertTrue(served.contains("/_static/lit/3.3.1/index.js"), "Lit itself was reached: " + served);
        assertTrue(served.size() > 15, "the console's pages and Lit's modules: " + served);
    }

    /** A module specifier as the browser resolves it: relative to the importer, or through the import map. */
    private static String resolve(String importer, String specifier, Map<String, String> imports) {
        if (specifier.startsWith("./") || specifier.startsWith("../")) {
            return Path.of(importer).getParent().resolve(specifier).normalize().toString();
        }
        if (specifier.startsWith("/")) {
            return specifier;
        }
        if (imports.containsKey(specifier)) {
            return imports.get(specifier);
        }
        return imports.entrySet().stream()
                .filter(e -> e.getKey().endsWith("/") && specifier.startsWith(e.getKey()))
                .map(e -> e.getValue() + specifier.substring(e.getKey().length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the import map does not resolve '" + specifier + "' (" + importer + ")"));
    }

    @Test
    void theImportMapNamesTheLitVersionsThePomPins() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        String page = given().get("/console/").then().extract().asString();
        Matcher versions = Pattern.compile("/_static/([a-z-]+)/([0-9.]+)/").matcher(page);
        int found = 0;
        while (versions.find()) {
            found++;
            String artifact = versions.group(1);
            String version = versions.group(2);
            assertTrue(Pattern.compile("<artifactId>" + artifact + "</artifactId>\\s*<version>(\\$\\{lit.version}|" + Pattern.quote(version) + ")</version>")
                    .matcher(pom).find() || (artifact.equals("lit") && pom.contains("<lit.version>" + version + "</lit.version>")),
                    artifact + " " + version + " is what pom.xml pins");
        }
        assertTrue(found >= 4);
    }

    @Test
    void settingsOfferThePastedTokenOnlyWhenNoProviderIsConfigured() {
        given().get("/console/config.json").then().statusCode(200)
                .body("oidc", nullValue())
                .body("dev_sign_in", equalTo(false));
    }

    @Test
    void theDevTokenEndpointExistsOnlyInDevMode() {
        given().get("/console/dev-token").then().statusCode(404);
        String page = given().get("/console/").then().extract().asString();
        assertFalse(page.contains("eyJ"), "no token in the page");
    }
}
