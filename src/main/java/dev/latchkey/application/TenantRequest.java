package dev.latchkey.application;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/tenants}; the id is generated from the name when absent. */
public record TenantRequest(
        @Pattern(regexp = TenantRequest.SLUG, message = "must be a slug: 2-63 of a-z, 0-9 and '-', not starting or ending with '-'")
        String id,
        @NotBlank @Size(max = 200) String name) {

    static final String SLUG = "^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$";
}
