package dev.catalog.schema;

/** Where the cluster's admin credentials are read from: the secret RDS manages for the cluster. */
public interface AdminSecrets {

    /** The credentials in the secret {@code secretArn}. */
    AdminCredentials read(String secretArn);
}
