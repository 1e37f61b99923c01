package dev.catalog.schema;

/** The cluster's admin login, as RDS keeps it in the managed secret. */
public record AdminCredentials(String username, String password) {
    @Override
    public String toString() {
        return "AdminCredentials[username=" + username + ", password=(hidden)]";
    }
}
