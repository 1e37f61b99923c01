package dev.catalog.local.e2e;

/**
 * {@link MessagingSuite} on the runtime's external-services mode, with the services started apart
 * from it: the LocalStack tier's wiring, checked on every build.
 */
class MessagingOnExternalServicesE2ET extends MessagingSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return ExternalServicesPipeline.start();
    }
}
