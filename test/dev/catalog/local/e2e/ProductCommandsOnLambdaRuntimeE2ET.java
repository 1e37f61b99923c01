package dev.catalog.local.e2e;

/** {@link ProductCommandsSuite} with every function run from the Lambda artifact through AWS's runtime interface client. */
class ProductCommandsOnLambdaRuntimeE2ET extends ProductCommandsSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return RuntimePipeline.lambdaRuntime();
    }
}
