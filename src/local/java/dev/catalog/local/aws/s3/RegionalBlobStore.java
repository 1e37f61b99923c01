package dev.catalog.local.aws.s3;

import java.util.Set;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.domain.Location;
import org.jclouds.domain.LocationBuilder;
import org.jclouds.domain.LocationScope;

/**
 * Presents the in-memory store as located in the runtime's region. Outside us-east-1 the SDK sends
 * the client's region as the bucket's LocationConstraint, and S3Proxy accepts only constraints
 * naming one of the store's locations.
 */
final class RegionalBlobStore extends ForwardingBlobStore {
    private final Location region;

    RegionalBlobStore(BlobStore delegate, String region) {
        super(delegate);
        this.region = new LocationBuilder().scope(LocationScope.REGION).id(region).description(region).build();
    }

    @Override
    public Set<? extends Location> listAssignableLocations() {
        return Set.of(region);
    }
}
