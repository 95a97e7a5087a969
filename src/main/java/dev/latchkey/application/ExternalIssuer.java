package dev.latchkey.application;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.OutboundTargets;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One entry of an application's {@code external_issuers} (CONTRACT section 14, bring your own
 * auth): an identity provider whose JWTs {@code POST /api/userAuth/exchange} accepts. The
 * application keeps them; the end-user side checks tokens against them.
 */
@RegisterForReflection
public record ExternalIssuer(
        @NotNull @Size(min = 1, max = 300) String issuer,
        @NotNull @Size(max = 2000) @JsonProperty("jwks_url") String jwksUrl,
        @NotNull @Size(min = 1, max = 300) String audience,
        @Size(max = 100) @Pattern(regexp = CLAIM, message = CLAIM_MESSAGE) @JsonProperty("user_id_claim") String userIdClaim,
        @Size(max = 100) @Pattern(regexp = CLAIM, message = CLAIM_MESSAGE) @JsonProperty("email_claim") String emailClaim) {

    public static final int MAX = 5;
    static final String CLAIM = "^[A-Za-z0-9_.:/-]+$";
    static final String CLAIM_MESSAGE = "must be a claim name (letters, digits, _ . : / -)";
    private static final TypeReference<List<ExternalIssuer>> LIST = new TypeReference<>() {
    };
    /** Plain Jackson with the names spelled out: stored as the admin API shows them. */
    private static final ObjectMapper JSON = new ObjectMapper();

    /** With the contract's defaults for the claims: {@code sub} and {@code email}. */
    public ExternalIssuer {
        userIdClaim = userIdClaim == null ? "sub" : userIdClaim;
        emailClaim = emailClaim == null ? "email" : emailClaim;
    }

    /** The issuers an admin wrote, each JWKS URL checked (https, a public address); 400 naming the first that is not. */
    static List<ExternalIssuer> validated(List<ExternalIssuer> issuers, boolean allowInsecure) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < issuers.size(); i++) {
            ExternalIssuer issuer = issuers.get(i);
            if (seen.contains(issuer.issuer())) {
                throw ApiException.invalidRequest("external_issuers[" + i + "].issuer: listed twice");
            }
            seen.add(issuer.issuer());
            try {
                OutboundTargets.resolve(issuer.jwksUrl(), allowInsecure);
            } catch (OutboundTargets.Refused e) {
                throw ApiException.invalidRequest("external_issuers[" + i + "].jwks_url: " + e.getMessage());
            }
        }
        return List.copyOf(issuers);
    }

    public static List<ExternalIssuer> parse(String stored) {
        try {
            return stored == null ? List.of() : List.copyOf(JSON.readValue(stored, LIST));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("external_issuers as stored do not parse", e);
        }
    }

    static String render(List<ExternalIssuer> issuers) {
        try {
            return JSON.writeValueAsString(issuers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
