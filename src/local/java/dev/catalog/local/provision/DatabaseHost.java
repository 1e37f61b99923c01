package dev.catalog.local.provision;

/** What the provisioner needs of the local PostgreSQL to stand in for an Aurora cluster. */
public interface DatabaseHost {

    /**
     * Creates the database with the project's migrations applied.
     *
     * @return the port the database listens on (loopback)
     */
    int createDatabase(String name);
}
