package dev.catalog.messaging;

import java.util.List;

/** Who issued a command: the token's subject and roles ({@code viewer}, {@code editor}, {@code admin}). */
public record Actor(String sub, List<String> roles) {
    public Actor {
        roles = List.copyOf(roles);
    }
}
