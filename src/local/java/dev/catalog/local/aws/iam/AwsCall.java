package dev.catalog.local.aws.iam;

/**
 * One kind of AWS call a function makes: its IAM action on a resource. S3 object ARNs are cut after
 * the key's first segment ({@code arn:aws:s3:::bucket/incoming/*}): objects under one prefix are
 * one kind of call, however many keys a run creates.
 */
public record AwsCall(String function, String action, String resource) {

    public static AwsCall of(String function, String action, String resource) {
        return new AwsCall(function, action, kind(resource));
    }

    static String kind(String resource) {
        if (!resource.startsWith("arn:aws:s3:::")) {
            return resource;
        }
        int bucketEnd = resource.indexOf('/');
        if (bucketEnd < 0) {
            return resource;
        }
        int segmentEnd = resource.indexOf('/', bucketEnd + 1);
        return segmentEnd < 0 ? resource.substring(0, bucketEnd) + "/*" : resource.substring(0, segmentEnd) + "/*";
    }
}
