package dev.catalog.local.e2e;

/** {@link ProductCommandsSuite} on LocalStack (SNS, SQS, S3, DynamoDB) with embedded PostgreSQL for Aurora. */
@RequiresDockerEngine
class ProductCommandsOnLocalStackE2ET extends ProductCommandsSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return LocalStackPipeline.start();
    }
}
