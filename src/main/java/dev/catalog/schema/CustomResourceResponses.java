package dev.catalog.schema;

/** Where a custom resource's answer goes: CloudFormation's presigned {@code ResponseURL}. */
public interface CustomResourceResponses {

    /**
     * Delivers the answer.
     *
     * @throws CustomResourceResponseFailed when the URL does not take it (CloudFormation would then
     *     wait for the resource until its timeout)
     */
    void send(String responseUrl, CustomResourceResponse response);
}
