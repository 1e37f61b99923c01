package dev.catalog.local.e2e;

/** {@link MessagingSuite} with every function run from the Lambda artifact through AWS's runtime interface client. */
class MessagingOnLambdaRuntimeE2ET extends MessagingSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return RuntimePipeline.lambdaRuntime();
    }
}
