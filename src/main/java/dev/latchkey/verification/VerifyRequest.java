package dev.latchkey.verification;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/keys/verify}: the key to judge, and optionally the scopes and origin the caller needs. */
public record VerifyRequest(
        @NotBlank @Size(max = 200) String key,
        @Size(max = 100) List<@NotNull @Size(max = 200) String> scopes,
        @Size(max = 2048) String origin) {

    @Override
    public String toString() {
        return "VerifyRequest[key hidden]";
    }
}
