package dev.latchkey.verification;

import java.util.List;

import dev.latchkey.http.ApiException;
import dev.latchkey.http.IpRanges;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/keys/verify}: the key to judge, and optionally the scopes and origin
 * the caller needs, the address its own client called from (checked against the key's allowlist)
 * and the credits a pass spends.
 */
public record VerifyRequest(
        @NotBlank @Size(max = 200) String key,
        @Size(max = 100) List<@NotNull @Size(max = 200) String> scopes,
        @Size(max = 2048) String origin,
        @Size(max = 64) String ip,
        @Min(0) @Max(1000) Integer cost) {

    /** The credits a pass spends from the judged key (default 1). */
    int costOrDefault() {
        return cost == null ? 1 : cost;
    }

    /** The client address, checked: null when none was given; 400 when it is no IPv4 or IPv6 address. */
    String clientIp() {
        if (ip == null) {
            return null;
        }
        String canonical = IpRanges.canonical(ip);
        if (canonical == null) {
            throw ApiException.invalidRequest("ip: must be an IPv4 or IPv6 address");
        }
        return canonical;
    }

    @Override
    public String toString() {
        return "VerifyRequest[key hidden]";
    }
}
