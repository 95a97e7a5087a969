package dev.latchkey.caller;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.URL;

/** Colours and logo the hosted sign-in pages and SDKs use (CONTRACT: applications, identify). */
public record Branding(
        @Size(max = 2048) @URL(protocol = "https", message = "must be an https URL") String logoUrl,
        @Pattern(regexp = COLOR, message = "must be a colour #rrggbb") String primaryColor,
        @Pattern(regexp = COLOR, message = "must be a colour #rrggbb") String backgroundColor) {

    static final String COLOR = "^#[0-9a-fA-F]{6}$";
}
