package dev.latchkey.leak;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.http.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * GitHub's secret-scanning partner program (CONTRACT section 9): GitHub sends the Latchkey keys
 * it found in public code, signed with its ECDSA P-256 key; valid secret keys are revoked like
 * reported ones ({@code source: "github"}) and each token is labelled for GitHub. The JDK's own
 * ECDSA verifies the signature over the raw body.
 */
@Path("/api/v1/integrations/github/secret-scanning")
@PermitAll
public class GitHubSecretScanningResource {

    /** GitHub sends tokens in batches; more than this in one request is refused. */
    static final int MAX_TOKENS = 1000;
    private static final TypeReference<List<Token>> TOKENS = new TypeReference<>() {
    };

    @Inject
    GitHubPublicKeys publicKeys;

    @Inject
    LeakedKeys leaked;

    @Inject
    ObjectMapper json;

    /** One match as GitHub reports it. */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Token(String token, String type, String url, String source) {
    }

    /** GitHub's expected answer per token. */
    public record Label(String tokenRaw, String tokenType, String label) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    // read as bytes (the signature covers them exactly), sent as JSON
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = Token.class)))
    public List<Label> scan(byte[] body, @HeaderParam("Github-Public-Key-Identifier") String keyId,
            @HeaderParam("Github-Public-Key-Signature") String signature) {
        verify(body, keyId, signature);
        List<Token> tokens = tokens(body);
        // signed by GitHub: no lookup budget, so a large batch of GitHub's is never cut short
        List<Boolean> valid = leaked.revoke(tokens.stream().map(t -> new LeakedKeys.Reported(t.token(), t.url())).toList(), "github",
                null).valid();
        return IntStream.range(0, tokens.size()).mapToObj(i -> new Label(tokens.get(i).token(), tokens.get(i).type(),
                valid.get(i) ? "true_positive" : "false_positive")).toList();
    }

    private void verify(byte[] body, String keyId, String signature) {
        if (keyId == null || signature == null || keyId.isBlank()) {
            throw invalidSignature();
        }
        PublicKey key = publicKeys.find(keyId.trim());
        if (key == null) {
            throw invalidSignature();
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            if (!ecdsa.verify(Base64.getDecoder().decode(signature.trim()))) {
                throw invalidSignature();
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalidSignature();
        }
    }

    private List<Token> tokens(byte[] body) {
        List<Token> tokens;
        try {
            tokens = json.readValue(new String(body, StandardCharsets.UTF_8), TOKENS);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("The body must be a JSON array of {token, type, url, source}");
        }
        if (tokens == null || tokens.size() > MAX_TOKENS || tokens.stream().anyMatch(t -> t == null || t.token() == null)) {
            throw ApiException.invalidRequest("The body must be a JSON array of at most " + MAX_TOKENS + " {token, type, url, source}");
        }
        return tokens;
    }

    private static ApiException invalidSignature() {
        return new ApiException(401, "invalid_signature",
                "Github-Public-Key-Signature must be a valid signature of the body by the key Github-Public-Key-Identifier names", null);
    }
}
