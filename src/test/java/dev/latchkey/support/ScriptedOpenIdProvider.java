package dev.latchkey.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenID provider on loopback whose token endpoint answers whatever ID token the test scripts
 * for the sign-in's nonce: forged, expired, or of another issuer. Discovery, authorize (which
 * signs anyone in at once) and its JWKS are as a real provider's.
 */
public final class ScriptedOpenIdProvider implements AutoCloseable {

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, String> nonces = new ConcurrentHashMap<>();
    private volatile Function<String, String> idTokenForNonce;

    private ScriptedOpenIdProvider() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("scripted-1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> FakeGitHub.answer(exchange, 200, "application/json", """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token", "jwks_uri": "%1$s/jwks",
                 "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(issuer())));
        server.createContext("/authorize", exchange -> {
            Map<String, String> asked = BrowserTrip.params(exchange.getRequestURI().getRawQuery());
            String code = UUID.randomUUID().toString();
            nonces.put(code, asked.get("nonce"));
            exchange.getResponseHeaders().add("Location", asked.get("redirect_uri") + "?code=" + code + "&state=" + BrowserTrip.enc(asked.get("state")));
            FakeGitHub.answer(exchange, 302, null, null);
        });
        server.createContext("/token", exchange -> {
            String code = BrowserTrip.params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)).get("code");
            String nonce = nonces.remove(code);
            FakeGitHub.answer(exchange, 200, "application/json", "{\"access_token\": \"at\", \"token_type\": \"Bearer\", \"expires_in\": 3600,"
                    + " \"id_token\": \"" + idTokenForNonce.apply(nonce) + "\"}");
        });
        server.createContext("/jwks", exchange -> FakeGitHub.answer(exchange, 200, "application/json",
                new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    public static ScriptedOpenIdProvider start() throws Exception {
        return new ScriptedOpenIdProvider();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The key the JWKS publishes. */
    public RSAKey key() {
        return key;
    }

    /** What the token endpoint answers from now on, made for each sign-in's nonce. */
    public void answer(Function<String, String> idTokenForNonce) {
        this.idTokenForNonce = idTokenForNonce;
    }

    /** The claims signed RS256 by the published key, as the provider would. */
    public String signed(JWTClaimsSet claims) {
        try {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            token.sign(new RSASSASigner(key));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
