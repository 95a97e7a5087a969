package dev.latchkey.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The production settings for what the service calls on a tenant's say-so: https only, public addresses only. */
public class SecureOutboundUrls implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("latchkey.webhook.allow-insecure-urls", "false", "latchkey.auth.allow-insecure-providers", "false");
    }
}
