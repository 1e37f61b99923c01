package dev.catalog.local.e2e;

/** {@link MessagingSuite} on the local runtime's embedded services, its own SNS included. */
class LocalRuntimeE2ET extends MessagingSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return RuntimePipeline.embedded();
    }
}
