package dev.catalog.local.runtime.provision;

/** What the provisioner needs of the local PostgreSQL to stand in for an Aurora cluster. */
public interface DatabaseHost {

    /**
     * Creates the (empty) database, and keeps the server's admin credentials in the secret
     * {@code masterUserSecretArn}, as RDS does for a cluster with {@code ManageMasterUserPassword}.
     * The schema comes later, through the cluster's {@code DatabaseSchema} custom resource.
     *
     * @return the port the database listens on (loopback)
     */
    int createDatabase(String name, String masterUserSecretArn);
}
