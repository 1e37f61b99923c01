package dev.catalog.http;

import java.util.Locale;
import java.util.Optional;

/** What a token lets its holder do: viewers read, editors also write, admins also operate (redrive). */
public enum Role {
    VIEWER, EDITOR, ADMIN;

    /** True when this role includes everything {@code required} may do. */
    public boolean includes(Role required) {
        return ordinal() >= required.ordinal();
    }

    public static Optional<Role> fromClaim(String value) {
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
