package dev.latchkey.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.IpAllowlist;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.IpRanges;
import dev.latchkey.key.ApiKey;

/**
 * The operator's fields on a key (CONTRACT section 8), checked before anything is stored: a bad
 * one answers 400 {@code invalid_request} naming the field. JSON {@code null} clears a field.
 */
final class KeyFields {

    static final int MAX_META_BYTES = 1024;
    static final int MAX_EXTERNAL_ID = 255;
    static final long MAX_CREDITS = 1_000_000_000L;
    private static final String CREDITS_MESSAGE = "credits: must be null or {remaining: 0..1000000000, refill: null or "
            + "{amount: 0..1000000000, interval: \"daily\" or \"monthly\"}}";
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private KeyFields() {
    }

    /** A JSON object of at most 1 KiB (as compact JSON); null clears. */
    static Map<String, Object> meta(JsonNode meta, ObjectMapper json) {
        if (meta == null || meta.isNull()) {
            return null;
        }
        try {
            if (!meta.isObject() || json.writeValueAsBytes(meta).length > MAX_META_BYTES) {
                throw ApiException.invalidRequest("meta: must be a JSON object of at most " + MAX_META_BYTES + " bytes");
            }
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("meta: must be a JSON object");
        }
        return json.convertValue(meta, OBJECT);
    }

    /** 1..255 characters; null clears. */
    static String externalId(JsonNode externalId) {
        if (externalId == null || externalId.isNull()) {
            return null;
        }
        if (!externalId.isTextual() || externalId.textValue().isEmpty() || externalId.textValue().length() > MAX_EXTERNAL_ID) {
            throw ApiException.invalidRequest("external_id: must be a string of 1 to " + MAX_EXTERNAL_ID + " characters");
        }
        return externalId.textValue();
    }

    /** Up to 100 IPv4/IPv6 addresses or CIDR ranges, each as given (trimmed); null clears (any address). */
    static List<String> ipAllowlist(JsonNode list) {
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray() || list.size() > IpAllowlist.MAX_ENTRIES) {
            throw ApiException.invalidRequest("ip_allowlist: must be a list of at most " + IpAllowlist.MAX_ENTRIES
                    + " addresses or CIDR ranges");
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : list) {
            if (!entry.isTextual() || entry.textValue().length() > 64 || IpRanges.parse(entry.textValue()) == null) {
                throw ApiException.invalidRequest("ip_allowlist: each entry must be an IPv4 or IPv6 address or CIDR range"
                        + " (such as 203.0.113.7, 10.0.0.0/8 or 2001:db8::/32)");
            }
            entries.add(entry.textValue().strip());
        }
        return entries;
    }

    /**
     * Credits: {@code null} (unlimited) or {@code {remaining: 0..10^9, refill: null or {amount:
     * 0..10^9, interval: "daily" or "monthly"}}}, nothing else. Stored on the key: the count starts
     * in the current refill period, under a new version (instances drop their leases).
     */
    static void applyCredits(JsonNode credits, ApiKey key, Instant now) {
        if (credits.isNull()) {
            key.creditsRemaining = null;
            key.creditsRefillAmount = null;
            key.creditsRefillInterval = null;
        } else {
            JsonNode remaining = credits.get("remaining");
            JsonNode refill = credits.get("refill");
            if (!credits.isObject() || !isCount(remaining) || credits.size() > (credits.has("refill") ? 2 : 1)) {
                throw ApiException.invalidRequest(CREDITS_MESSAGE);
            }
            key.creditsRemaining = remaining.longValue();
            key.creditsRefillAmount = null;
            key.creditsRefillInterval = null;
            if (refill != null && !refill.isNull()) {
                JsonNode interval = refill.get("interval");
                if (!refill.isObject() || refill.size() != 2 || !isCount(refill.get("amount")) || interval == null
                        || !(CreditsSpec.DAILY.equals(interval.asText(null)) || CreditsSpec.MONTHLY.equals(interval.asText(null)))) {
                    throw ApiException.invalidRequest(CREDITS_MESSAGE);
                }
                key.creditsRefillAmount = refill.get("amount").longValue();
                key.creditsRefillInterval = interval.textValue();
            }
        }
        key.creditsPeriod = new CreditsSpec(key.creditsRefillAmount, key.creditsRefillInterval, 0).periodOf(now);
        key.creditsVersion++;
    }

    /**
     * A rotation's credits: what no instance has leased of the old key, in the current refill
     * period, moves to the new key with its refill; the old key keeps none (and, replaced, leases
     * nothing in any later period: {@code CreditStore}), so during a grace period it serves only
     * what instances had already leased, and the two keys never serve more than the credits
     * between them. Its setting, period and version stay, so those leases stay valid. Both rows
     * are locked by the rotation.
     */
    static void moveCredits(ApiKey from, ApiKey to, Instant now) {
        if (from.creditsRemaining == null) {
            return;
        }
        long period = new CreditsSpec(from.creditsRefillAmount, from.creditsRefillInterval, 0).periodOf(now);
        boolean newPeriod = from.creditsRefillInterval != null && !Long.valueOf(period).equals(from.creditsPeriod);
        to.creditsRemaining = newPeriod ? from.creditsRefillAmount : from.creditsRemaining;
        to.creditsRefillAmount = from.creditsRefillAmount;
        to.creditsRefillInterval = from.creditsRefillInterval;
        to.creditsPeriod = period;
        from.creditsRemaining = 0L;
    }

    private static boolean isCount(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0
                && value.longValue() <= MAX_CREDITS;
    }

    /** A boolean; absent or null leaves it as it is. */
    static Boolean enabled(JsonNode enabled) {
        if (enabled == null || enabled.isNull()) {
            return null;
        }
        if (!enabled.isBoolean()) {
            throw ApiException.invalidRequest("enabled: must be true or false");
        }
        return enabled.booleanValue();
    }
}
